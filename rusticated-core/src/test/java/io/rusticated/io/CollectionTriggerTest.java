package io.rusticated.io;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CollectionTriggerTest {
    private static final long LIMIT = 1000;

    @Test
    void memoryThatStaysLiveAboveTheLimitAsksOncePerGrowthStep() {
        CollectionTrigger t = new CollectionTrigger(LIMIT);
        assertThat(t.shouldCollect(900)).as("under the limit").isFalse();
        assertThat(t.shouldCollect(1100)).as("crossing it").isTrue();
        for (long live = 1101; live <= 1650; live += 10) {
            assertThat(t.shouldCollect(live)).as("still live above the limit, grown less than half: %d", live).isFalse();
        }
        assertThat(t.shouldCollect(1651)).as("grown by half over the last request").isTrue();
        assertThat(t.shouldCollect(1700)).isFalse();
    }

    @Test
    void fallingBackUnderTheLimitArmsItAgain() {
        CollectionTrigger t = new CollectionTrigger(LIMIT);
        assertThat(t.shouldCollect(1200)).isTrue();
        assertThat(t.shouldCollect(1300)).isFalse();
        assertThat(t.shouldCollect(400)).as("given back").isFalse();
        assertThat(t.shouldCollect(1001)).as("crossing again").isTrue();
    }
}
