package io.rusticated.signal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which signal HotSpot suspends threads with, hence which one rusticated must leave alone. */
class SuspendResumeSignalTest {
    @Test
    void isUsr2UnlessJavaSrSignumMovedIt() {
        assertThat(SignalDispatch.suspendResumeSignal(null)).isEqualTo(Signal.USR2);
        assertThat(SignalDispatch.suspendResumeSignal("39").number()).isEqualTo(39);
        assertThat(SignalDispatch.suspendResumeSignal(" 40 ").number()).isEqualTo(40);
        assertThat(SignalDispatch.suspendResumeSignal("28")).isEqualTo(Signal.WINCH);
    }

    @Test
    void valuesHotSpotRejectsLeaveItOnUsr2() {
        for (String rejected : new String[] {"", "USR1", "-3", "0", "7", "11", "65", "1000"}) {
            assertThat(SignalDispatch.suspendResumeSignal(rejected)).as("_JAVA_SR_SIGNUM=%s", rejected).isEqualTo(Signal.USR2);
        }
    }

    @Test
    void theSuspendResumeSignalIsReserved() {
        assertThat(SignalDispatch.RESERVED).contains(SignalDispatch.SUSPEND_RESUME, Signal.QUIT, Signal.SEGV, Signal.KILL);
        assertThat(Signals.isReserved(SignalDispatch.SUSPEND_RESUME)).isTrue();
    }
}
