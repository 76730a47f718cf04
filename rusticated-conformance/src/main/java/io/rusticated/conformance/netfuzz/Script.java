package io.rusticated.conformance.netfuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A random sequence of socket steps over a few connections, the same for both implementations. */
final class Script {
    /** Connections alive at once (slots a closed pair's slot is reused for). */
    static final int PAIRS = 3;

    /** Relative weights of the step kinds, in {@link Step.Kind} order. */
    private static final int[] WEIGHTS = {
            8,  // OPEN
            2,  // CONNECT_REFUSED
            1,  // CONNECT_CANCELLED
            2,  // ACCEPT_CANCELLED
            12, // WRITE_ALL_SMALL
            5,  // WRITE_ALL_LARGE
            6,  // WRITE_SMALL
            14, // READ
            7,  // DRAIN
            3,  // SHUTDOWN_OUTPUT
            2,  // SHUTDOWN_INPUT
            3,  // CLOSE
            3,  // CLOSE_RESET
            3,  // CANCEL_READ
    };

    final long seed;
    final List<Step> steps;

    private Script(long seed, List<Step> steps) {
        this.seed = seed;
        this.steps = steps;
    }

    static Script generate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int total = 0;
        for (int w : WEIGHTS) {
            total += w;
        }
        int count = 25 + random.nextInt(35);
        List<Step> steps = new ArrayList<>(count);
        // Every script starts with a connection, so the first steps do not all fall on empty slots.
        steps.add(new Step(Step.Kind.OPEN, 0, random.nextInt(2), 0));
        while (steps.size() < count) {
            int pick = random.nextInt(total);
            int k = 0;
            while (pick >= WEIGHTS[k]) {
                pick -= WEIGHTS[k++];
            }
            steps.add(new Step(Step.Kind.values()[k], random.nextInt(PAIRS), random.nextInt(2), random.nextInt(Integer.MAX_VALUE)));
        }
        return new Script(seed, List.copyOf(steps));
    }
}
