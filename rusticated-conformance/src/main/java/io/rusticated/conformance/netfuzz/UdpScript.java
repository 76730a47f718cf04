package io.rusticated.conformance.netfuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A random sequence of datagram steps over a few UDP sockets, the same for both implementations. */
final class UdpScript {
    /** Socket slots; a slot is used by one socket, so a closed socket's calls are part of the script. */
    static final int SOCKETS = 3;
    /** The target that is no socket: a port on 127.0.0.2, where no socket of the run is bound. */
    static final int CLOSED_PORT = SOCKETS;

    /** Relative weights of the step kinds, in {@link UdpStep.Kind} order. */
    private static final int[] WEIGHTS = {
            4,  // OPEN
            3,  // CONNECT
            12, // SEND_TO
            6,  // SEND
            9,  // RECEIVE_FROM
            4,  // RECEIVE
            2,  // CANCEL_RECEIVE
            1,  // CLOSE
            3,  // DISCONNECT
    };

    final long seed;
    final List<UdpStep> steps;

    private UdpScript(long seed, List<UdpStep> steps) {
        this.seed = seed;
        this.steps = steps;
    }

    static UdpScript generate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int total = 0;
        for (int w : WEIGHTS) {
            total += w;
        }
        int count = 25 + random.nextInt(35);
        List<UdpStep> steps = new ArrayList<>(count);
        steps.add(new UdpStep(UdpStep.Kind.OPEN, 0, 0, 0));
        steps.add(new UdpStep(UdpStep.Kind.OPEN, 1, 0, 0));
        while (steps.size() < count) {
            int pick = random.nextInt(total);
            int k = 0;
            while (pick >= WEIGHTS[k]) {
                pick -= WEIGHTS[k++];
            }
            steps.add(new UdpStep(UdpStep.Kind.values()[k], random.nextInt(SOCKETS), random.nextInt(SOCKETS + 1), random.nextInt(Integer.MAX_VALUE)));
        }
        return new UdpScript(seed, List.copyOf(steps));
    }
}
