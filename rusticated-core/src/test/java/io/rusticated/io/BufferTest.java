package io.rusticated.io;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BufferTest {
    private static final Object OP = new Object() {
        @Override
        public String toString() {
            return "test-op";
        }
    };

    @Test
    void appendsDiscardsAndCopies() {
        Buffer b = Buffer.allocate(16);
        assertThat(b.capacity()).isEqualTo(16);
        assertThat(b.isEmpty()).isTrue();
        b.append("hello ").append(new byte[] {'w', 'o', 'r', 'l', 'd'});
        assertThat(b.length()).isEqualTo(11);
        assertThat(b.spare()).isEqualTo(5);
        assertThat(b.get(6)).isEqualTo((byte) 'w');
        b.discard(6);
        assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo("world");
        byte[] dst = new byte[3];
        b.copyTo(1, dst, 0, 3);
        assertThat(new String(dst, StandardCharsets.US_ASCII)).isEqualTo("orl");
        assertThat(b.asByteBuffer().remaining()).isEqualTo(5);
        assertThat(b.filled().byteSize()).isEqualTo(5);
    }

    @Test
    void boundsAreChecked() {
        Buffer b = Buffer.allocate(4).append("ab");
        assertThatThrownBy(() -> b.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.append("abc")).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.setLength(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.setLength(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.discard(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Buffer.allocate(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(b.length()).isEqualTo(2);
        assertThat(Buffer.allocate(0).capacity()).isZero();
    }

    @Test
    void appendFromByteBufferTakesWhatFitsAndAdvancesIt() {
        Buffer b = Buffer.allocate(4).append("x");
        ByteBuffer src = ByteBuffer.wrap("abcdef".getBytes(StandardCharsets.US_ASCII));
        src.position(1);
        assertThat(b.append(src)).isEqualTo(3);
        assertThat(src.position()).isEqualTo(4);
        assertThat(b.toString(StandardCharsets.US_ASCII)).isEqualTo("xbcd");
    }

    @Test
    void aLentBufferRefusesEveryAccessUntilReturned() {
        Buffer b = Buffer.of("data");
        b.lendTo(OP);
        assertThat(b.isLent()).isTrue();
        assertThatThrownBy(b::length).isInstanceOf(IllegalStateException.class).hasMessageContaining("test-op");
        assertThatThrownBy(b::spare).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.get(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.append("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(b::clear).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(b::toByteArray).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(b::filled).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(b::release).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.lendTo(new Object())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.returnFrom(new Object(), 0)).as("only the borrower returns it").isInstanceOf(IllegalStateException.class);
        // The kernel's view stays available while lent.
        assertThat(b.lengthWhileLent()).isEqualTo(4);
        assertThat(b.memory().byteSize()).isEqualTo(4);

        b.returnFrom(OP, 0);
        assertThat(b.isLent()).isFalse();
        assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo("data");
        assertThatThrownBy(() -> b.returnFrom(OP, 0)).as("returned twice").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void returnAddsTheBytesTheKernelFilled() {
        Buffer b = Buffer.allocate(8).append("ab");
        b.lendTo(OP);
        b.memory().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 2, (byte) 'c');
        b.returnFrom(OP, 1);
        assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo("abc");
    }

    @Test
    void pooledBuffersComeBackEmptyAndAreRefusedOnceReleased() {
        BufferPool pool = new BufferPool(4);
        Buffer b = pool.acquire(5000);
        assertThat(b.capacity()).isEqualTo(8192);
        assertThat(b.memory().address() % 4096).as("page aligned").isZero();
        b.append("secret");
        b.release();
        assertThatThrownBy(b::length).isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
        assertThatThrownBy(() -> b.lendTo(OP)).isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
        assertThat(b.isLent()).isFalse();
        Buffer again = pool.acquire(8000);
        assertThat(again).isSameAs(b);
        assertThat(again.length()).isZero();
        assertThat(pool.acquire(1).capacity()).isEqualTo(4096);
        assertThat(pool.acquire(0).capacity()).isEqualTo(4096);
        assertThat(pool.acquire(4096).capacity()).isEqualTo(4096);
        assertThat(pool.acquire(4097).capacity()).isEqualTo(8192);
        assertThatThrownBy(() -> pool.acquire(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBufferAboveTheLargestClassIsExactAndUnpooled() {
        BufferPool pool = new BufferPool(4);
        Buffer big = pool.acquire((16 << 20) + 1);
        assertThat(big.capacity()).isEqualTo((16 << 20) + 1);
        big.release(); // the garbage collector's
        assertThat(big.length()).as("an unpooled buffer stays usable").isZero();
    }

    @Test
    void aByteBudgetKeepsAsManyIdleBuffersAsFit() {
        BufferPool pool = new BufferPool(1, 64 * 1024);
        java.util.List<Buffer> small = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            small.add(pool.acquire(4096));
        }
        small.forEach(Buffer::release);
        java.util.Set<Buffer> again = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < 20; i++) {
            again.add(pool.acquire(4096));
        }
        again.retainAll(small);
        assertThat(again).as("64 KiB of 4 KiB buffers kept idle").hasSize(16);

        Buffer big1 = pool.acquire(65536);
        Buffer big2 = pool.acquire(65536);
        big1.release();
        big2.release();
        assertThat(pool.acquire(65536)).as("the count bound where the budget holds fewer").isSameAs(big1);
        assertThat(pool.acquire(65536)).isNotSameAs(big2);
    }

    @Test
    void aFullPoolLetsTheRestGo() {
        BufferPool pool = new BufferPool(1);
        Buffer a = pool.acquire(4096);
        Buffer b = pool.acquire(4096);
        a.release();
        b.release();
        Buffer c = pool.acquire(4096);
        Buffer d = pool.acquire(4096);
        assertThat(c).isSameAs(a);
        assertThat(d).isNotSameAs(b);
    }
}
