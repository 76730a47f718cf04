package io.rusticated.macos;

import io.rusticated.net.UnixAddress;
import io.rusticated.unix.net.SocketAddresses;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared sockaddr code with macOS's layouts (probed against both SDKs): a BSD sockaddr begins
 * with its length byte, then a one-byte family; sun_path holds 104 bytes; there are no abstract
 * names. Pure memory, no system call, so it runs here as it would on a Mac.
 */
class MacSocketAddressesTest {
    final SocketAddresses addresses = new SocketAddresses(MacAbi.SOCKET_ABI);
    final MemorySegment sa = Arena.ofAuto().allocate(SocketAddresses.STORAGE_SIZE, 8);

    @Test
    void anIpv4AddressIsASockaddrInWithItsLengthFirst() throws Exception {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 0x1234);
        assertThat(addresses.encode(a, sa)).isEqualTo(16);
        assertThat(sa.asSlice(0, 8).toArray(ValueLayout.JAVA_BYTE)).containsExactly(16, MacAbi.AF_INET, 0x12, 0x34, 10, 1, 2, 3);
        assertThat(addresses.decode(sa, 16)).isEqualTo(a);
    }

    @Test
    void anIpv6AddressIsASockaddrIn6() throws Exception {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("::1"), 80);
        assertThat(addresses.encode(a, sa)).isEqualTo(28);
        assertThat(sa.get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 28);
        assertThat(sa.get(ValueLayout.JAVA_BYTE, 1)).isEqualTo((byte) MacAbi.AF_INET6);
        assertThat(addresses.decode(sa, 28)).isEqualTo(a);
    }

    @Test
    void aUnixPathHasRoomFor103BytesAndNoAbstractNameExists() throws Exception {
        UnixAddress path = UnixAddress.of("/tmp/" + "p".repeat(98));
        assertThat(addresses.maxUnixPath()).isEqualTo(103);
        int length = addresses.encode(path, sa);
        assertThat(length).isEqualTo(2 + 103 + 1);
        assertThat(sa.get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) length);
        assertThat(sa.get(ValueLayout.JAVA_BYTE, 1)).isEqualTo((byte) MacAbi.AF_UNIX);
        assertThat(addresses.decode(sa, length)).isEqualTo(path);
        assertThatThrownBy(() -> addresses.encode(UnixAddress.of("/tmp/" + "p".repeat(99)), sa))
                .isInstanceOf(java.net.SocketException.class).hasMessage("Unix domain path too long");
        assertThatThrownBy(() -> addresses.encode(UnixAddress.abstractName("x"), sa))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageStartingWith("macOS has no abstract Unix-domain socket names");
    }
}
