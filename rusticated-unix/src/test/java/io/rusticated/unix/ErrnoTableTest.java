package io.rusticated.unix;

import io.rusticated.spi.ErrorKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrnoTableTest {
    static final ErrnoTable TABLE = ErrnoTable.builder("Testix", "Unknown error: ")
            .add(Errno.ENOENT, 2, "No such file or directory")
            .add(Errno.EAGAIN, 35, "Resource temporarily unavailable")
            .add(Errno.EOPNOTSUPP, 102, "Operation not supported on socket")
            .add(Errno.ENOTSUP, 45, "Operation not supported")
            .build();

    @Test
    void aCodeIsLookedUpWithItsNameTextAndKind() {
        assertThat(TABLE.lookup(35).name()).isEqualTo("EAGAIN");
        assertThat(TABLE.lookup(35).kind()).isEqualTo(ErrorKind.WOULD_BLOCK);
        assertThat(TABLE.describe(2)).isEqualTo("ENOENT (No such file or directory)");
        assertThat(TABLE.code(Errno.EAGAIN)).isEqualTo(35);
        assertThat(TABLE.code(Errno.ENOTSUP)).isEqualTo(45);
    }

    @Test
    void anUnknownCodeSaysSoAsTheOsWould() {
        assertThat(TABLE.lookup(999).message()).isEqualTo("Unknown error: 999");
        assertThat(TABLE.lookup(-3).kind()).isEqualTo(ErrorKind.OTHER);
        assertThatThrownBy(() -> TABLE.code(Errno.EINTR)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Testix has no EINTR");
    }

    @Test
    void oneNumberHasOneNameUnlessGivenAsAnAlias() {
        assertThatThrownBy(() -> ErrnoTable.builder("x", "").add(Errno.EAGAIN, 11, "a").add(Errno.EDEADLK, 11, "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already EAGAIN");
        ErrnoTable linuxLike = ErrnoTable.builder("x", "").add(Errno.EOPNOTSUPP, 95, "Operation not supported")
                .alias(Errno.ENOTSUP, Errno.EOPNOTSUPP).build();
        assertThat(linuxLike.code(Errno.ENOTSUP)).isEqualTo(95);
        assertThat(linuxLike.lookup(95).name()).isEqualTo("EOPNOTSUPP");
    }

    @Test
    void checksThrowWithTheNameAndText() {
        assertThatThrownBy(() -> TABLE.check(-2, "open x")).isInstanceOf(IOException.class)
                .hasMessage("open x failed: ENOENT (No such file or directory)");
        assertThatThrownBy(() -> TABLE.checkValue(35, "posix_spawn")).isInstanceOf(IOException.class)
                .hasMessage("posix_spawn failed: EAGAIN (Resource temporarily unavailable)");
    }
}
