package io.rusticated.linux;

import io.rusticated.rt.EventLoop;
import io.rusticated.signal.Signal;
import io.rusticated.signal.SignalListener;
import io.rusticated.signal.Signals;
import io.rusticated.time.Time;

import java.time.Duration;

/**
 * The child JVM of {@link SignalTest#usr2IsReceivedTwiceOnceHotSpotSuspendsWithAnotherSignal}: started
 * with {@code _JAVA_SR_SIGNUM} set, it listens for SIGUSR2, sends it to itself twice and prints
 * what arrived and what is reserved.
 */
public final class Usr2Child {
    private Usr2Child() {
    }

    public static void main(String[] args) {
        int self = (int) ProcessHandle.current().pid();
        StringBuilder out = new StringBuilder();
        try (EventLoop loop = EventLoop.open(); SignalListener usr2 = Signals.listen(loop, Signal.USR2)) {
            for (int i = 0; i < 2; i++) {
                var next = usr2.next();
                Libc.kill(self, Signal.USR2.number());
                out.append(loop.blockOn(Time.timeout(next, Duration.ofSeconds(10)))).append(' ');
            }
        }
        out.append("reserved:");
        for (Signal s : new Signal[] {Signal.USR2, Signal.of(Integer.parseInt(System.getenv("_JAVA_SR_SIGNUM")))}) {
            out.append(' ').append(s).append('=').append(Signals.isReserved(s));
        }
        System.out.println(out);
    }
}
