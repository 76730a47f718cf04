package io.rusticated.rt;

import io.rusticated.spi.Opcode;
import io.rusticated.io.Buffer;
import io.rusticated.path.NativePath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Argument checks an operation makes before anything reaches a loop. */
class OperationPrepareTest {
    @Test
    void readIntoAFullBufferIsRejectedAndTheBufferStaysOwned() {
        Buffer full = Buffer.of("abcd");
        Operation op = TestOps.idle();
        assertThatThrownBy(() -> op.prepareRead(3, full, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spare capacity");
        assertThat(full.isLent()).isFalse();
    }

    @Test
    void negativeOffsetsAndLengthsAreRejected() {
        Buffer b = Buffer.allocate(8);
        assertThatThrownBy(() -> TestOps.idle().prepareRead(3, b, -2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestOps.idle().prepareWrite(3, b, Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestOps.idle().prepareTruncate(3, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(b.isLent()).isFalse();
    }

    @Test
    void aBufferLentToOneOperationCannotBeLentToAnother() {
        Buffer b = Buffer.allocate(8);
        Operation first = TestOps.idle().prepareRead(3, b, 0);
        assertThat(b.isLent()).isTrue();
        assertThat(first.buffer()).isSameAs(b);
        assertThatThrownBy(() -> TestOps.idle().prepareWrite(3, b, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TestOps.idle().prepareRead(3, b, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void deliveryHandsTheBufferBackWithTheReadBytesCounted() {
        Buffer b = Buffer.allocate(8).append(new byte[] {1});
        Operation op = TestOps.idle().prepareRead(3, b, 0);
        op.deliver(5, null);
        assertThat(b.isLent()).isFalse();
        assertThat(b.length()).isEqualTo(6);
        Operation w = TestOps.idle().prepareWrite(3, b, 0);
        w.deliver(6, null);
        assertThat(b.length()).as("a write leaves the length alone").isEqualTo(6);
        Operation failed = TestOps.idle().prepareRead(3, b, 0);
        failed.deliver(2, new java.io.IOException("boom"));
        assertThat(b.length()).as("a failed read adds nothing").isEqualTo(6);
    }

    @Test
    void pollNeedsInOrOut() {
        assertThatThrownBy(() -> TestOps.idle().preparePoll(3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestOps.idle().preparePoll(3, Operation.NO_FOLLOW)).isInstanceOf(IllegalArgumentException.class);
        assertThat(TestOps.idle().preparePoll(3, Operation.POLL_IN | Operation.POLL_OUT).opcode()).isEqualTo(Opcode.POLL);
    }

    @Test
    void prepareRecordsWhatTheDriverReads() {
        NativePath from = NativePath.of("/a");
        NativePath to = NativePath.of("/b");
        Operation op = TestOps.idle().prepareRename(from, to, true);
        assertThat(op.opcode()).isEqualTo(Opcode.RENAME);
        assertThat(op.path()).isEqualTo(from);
        assertThat(op.path2()).isEqualTo(to);
        assertThat(op.flags() & Operation.NO_REPLACE).isNotZero();
        op.prepareStat(7, null, false);
        assertThat(op.path()).as("reset between prepares").isNull();
        assertThat(op.handle()).isEqualTo(7);
        assertThat(op.flags()).isEqualTo(Operation.NO_FOLLOW);
    }
}
