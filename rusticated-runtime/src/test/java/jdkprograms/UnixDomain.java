package jdkprograms;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Unix-domain socket channels, as a program uses them: an address for a path, a server and a
 * client exchanging a message, an automatically bound server. Prints each step's outcome.
 * Argument: an empty work directory.
 */
public final class UnixDomain {
    private interface Step {
        String run() throws Exception;
    }

    private static void step(String name, Step step) {
        String outcome;
        try {
            outcome = step.run();
        } catch (Throwable e) {
            outcome = e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + (e.getCause() == null ? "" : " caused by " + e.getCause().getClass().getName());
        }
        System.out.println(name + ": " + outcome);
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        step("address for a path", () -> "ok " + UnixDomainSocketAddress.of(dir.resolve("a.sock")).getPath().getFileName());
        step("address for a string", () -> "ok " + UnixDomainSocketAddress.of(dir.resolve("a.sock").toString()).getPath().getFileName());
        step("open a channel", () -> SocketChannel.open(StandardProtocolFamily.UNIX).isOpen() ? "ok" : "closed");
        step("exchange a message", () -> {
            UnixDomainSocketAddress where = UnixDomainSocketAddress.of(dir.resolve("b.sock"));
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(where);
                 SocketChannel client = SocketChannel.open(where);
                 SocketChannel accepted = server.accept()) {
                client.write(ByteBuffer.wrap("over a Unix socket".getBytes()));
                ByteBuffer in = ByteBuffer.allocate(64);
                accepted.read(in);
                return "ok " + new String(in.array(), 0, in.position());
            }
        });
        step("bind a server to an automatic name", () -> {
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(null)) {
                return "ok " + (server.getLocalAddress() instanceof UnixDomainSocketAddress);
            }
        });
        step("bind a client to an automatic name", () -> {
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX).bind(null)) {
                return "ok";
            }
        });
    }
}
