package io.rusticated.windows;

import io.rusticated.fs.DirEntry;
import io.rusticated.fs.File;
import io.rusticated.fs.FileType;
import io.rusticated.fs.Fs;
import io.rusticated.fs.Metadata;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.process.Child;
import io.rusticated.process.Command;
import io.rusticated.process.ExitStatus;
import io.rusticated.process.Output;
import io.rusticated.process.Pipe;
import io.rusticated.process.Redirect;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real backend on a real Windows: these run only there (the CI workflow for GitHub's Windows
 * runners). Each opens a loop on the machine's backend, which must be iocp.
 */
@EnabledOnOs(OS.WINDOWS)
class OnWindowsTest {
    @TempDir
    Path dir;

    private static <T> T await(EventLoop loop, CompletionStage<T> stage) {
        return loop.blockOn(stage.toCompletableFuture());
    }

    private static Throwable failure(EventLoop loop, CompletionStage<?> stage) {
        try {
            await(loop, stage);
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("no failure");
    }

    @Test
    void theLoopRunsOnIocp() {
        try (EventLoop loop = EventLoop.open()) {
            assertThat(loop.backend().name()).isEqualTo("iocp");
            assertThat(loop.kernelKeepsFilePosition()).isFalse();
        }
    }

    @Test
    void filesAreWrittenReadAppendedAndDescribed() {
        try (EventLoop loop = EventLoop.open()) {
            Path p = dir.resolve("caf\u00e9.txt");
            File f = await(loop, File.open(loop, p, OpenOptions.createTruncate()));
            await(loop, f.writeAll(Buffer.of("hello ")));
            await(loop, f.writeAll(Buffer.of("world")));
            Buffer back = Buffer.allocate(64);
            await(loop, f.readAt(back, 0));
            assertThat(back.toString(StandardCharsets.UTF_8)).isEqualTo("hello world");
            await(loop, f.close());
            File appending = await(loop, File.open(loop, p, OpenOptions.options().withAppend(true)));
            await(loop, appending.writeAll(Buffer.of("!")));
            await(loop, appending.close());
            assertThat(new String(await(loop, Fs.readAll(p)), StandardCharsets.UTF_8)).isEqualTo("hello world!");
            Metadata m = await(loop, Fs.metadata(p));
            assertThat(m.type()).isEqualTo(FileType.REGULAR);
            assertThat(m.size()).isEqualTo(12);
            assertThat(m.fileKey()).isNotNull();
        }
    }

    @Test
    void directoriesListRenameAndFailAsTheJdkFails() {
        try (EventLoop loop = EventLoop.open()) {
            Path d = dir.resolve("d");
            await(loop, Fs.createDir(d));
            await(loop, Fs.write(d.resolve("a"), new byte[] {1}));
            await(loop, Fs.write(d.resolve("odd\uD800name"), new byte[] {2}));
            List<DirEntry> entries = await(loop, await(loop, Fs.readDir(d)).collect());
            assertThat(entries).extracting(DirEntry::name).containsExactlyInAnyOrder("a", "odd\uD800name");
            await(loop, Fs.rename(d.resolve("a"), d.resolve("b")));
            assertThat(failure(loop, Fs.metadata(d.resolve("a")))).isInstanceOf(NoSuchFileException.class);
            assertThat(failure(loop, Fs.removeDir(d))).isInstanceOf(DirectoryNotEmptyException.class);
            assertThat(failure(loop, File.open(loop, d.resolve("b"), OpenOptions.options().withWrite(true).withCreateNew(true))))
                    .isInstanceOf(FileAlreadyExistsException.class);
        }
    }

    @Test
    void pathsLongerThanMaxPathWork() {
        try (EventLoop loop = EventLoop.open()) {
            Path deep = dir;
            for (int i = 0; i < 6; i++) {
                deep = deep.resolve("x".repeat(60));
            }
            await(loop, Fs.createDirAll(deep));
            Path file = deep.resolve("f.txt");
            assertThat(file.toString().length()).isGreaterThan(300);
            await(loop, Fs.write(file, "long".getBytes(StandardCharsets.UTF_8)));
            assertThat(new String(await(loop, Fs.readAll(file)), StandardCharsets.UTF_8)).isEqualTo("long");
        }
    }

    @Test
    void symbolicLinksToFilesAndDirectories() {
        try (EventLoop loop = EventLoop.open()) {
            await(loop, Fs.write(dir.resolve("target.txt"), new byte[] {7}));
            await(loop, Fs.createDir(dir.resolve("tdir")));
            await(loop, Fs.symlink(Path.of("target.txt"), dir.resolve("flink")));
            await(loop, Fs.symlink(Path.of("tdir"), dir.resolve("dlink")));
            assertThat(await(loop, Fs.symlinkMetadata(dir.resolve("flink"))).type()).isEqualTo(FileType.SYMLINK);
            assertThat(await(loop, Fs.metadata(dir.resolve("flink"))).size()).isEqualTo(1);
            assertThat(await(loop, Fs.metadata(dir.resolve("dlink"))).type()).isEqualTo(FileType.DIRECTORY);
            await(loop, Fs.removeFile(dir.resolve("dlink"))); // a directory link goes with RemoveDirectoryW
        }
    }

    @Test
    void childrenRunWithTheirOutputExitCodeAndEnvironment() {
        try (EventLoop loop = EventLoop.open()) {
            Output out = await(loop, Command.of("cmd", "/c", "echo %RUSTICATED_X%").env("RUSTICATED_X", "yes").output(loop));
            assertThat(new String(out.stdout(), StandardCharsets.UTF_8)).isEqualTo("yes\r\n");
            assertThat(out.status()).isEqualTo(new ExitStatus.Exited(0));
            assertThat(await(loop, Command.of("cmd", "/c", "exit 7").status())).isEqualTo(new ExitStatus.Exited(7));
        }
    }

    @Test
    void pipedStdinReachesTheChildAndItsOutputComesBack() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            Child c = Command.of("findstr", "x").stdin(Redirect.PIPE).stdout(Redirect.PIPE).spawn(loop);
            await(loop, c.stdin().writeAll(Buffer.of("ax\r\nb\r\ncx\r\n")));
            await(loop, c.stdin().close());
            assertThat(new String(await(loop, c.stdout().readAll()), StandardCharsets.UTF_8)).isEqualTo("ax\r\ncx\r\n");
            assertThat(await(loop, c.waitExit())).isEqualTo(new ExitStatus.Exited(0));
        }
    }

    @Test
    void batchFileArgumentsArriveIntactOrAreRefused() throws Exception {
        Path bat = dir.resolve("show.bat");
        // %1 and %2 keep the quotes cmd.exe needed: a batch file that drops them (%~2) would run the '&' itself.
        java.nio.file.Files.writeString(bat, "@echo [%1] [%2]\r\n");
        try (EventLoop loop = EventLoop.open()) {
            Output out = await(loop, Command.of(bat.toString(), "a b", "c&echo INJECTED").output(loop));
            assertThat(new String(out.stdout(), StandardCharsets.UTF_8)).isEqualTo("[\"a b\"] [\"c&echo INJECTED\"]\r\n");
            assertThatThrownBy(() -> Command.of(bat.toString(), "%PATH%").spawn(loop)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CVE-2024-24576");
            assertThatThrownBy(() -> Command.of(bat.toString(), "\"&calc").spawn(loop)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aChildIsKilledAndItsExitObserved() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            Child c = Command.of("ping", "-n", "60", "127.0.0.1").stdout(Redirect.NULL).spawn(loop);
            assertThat(c.kill()).isTrue();
            assertThat(await(loop, c.waitExit())).isEqualTo(new ExitStatus.Exited(1));
            assertThat(c.kill()).as("after it was collected").isFalse();
        }
    }

    @Test
    void aPipeCarriesBytesBetweenTwoOverlappedEnds() {
        try (EventLoop loop = EventLoop.open()) {
            Pipe p = await(loop, java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return Pipe.open(loop);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, Runnable::run));
            await(loop, p.writer().writeAll(Buffer.of("through the pipe")));
            await(loop, p.writer().close());
            assertThat(new String(await(loop, p.reader().readAll()), StandardCharsets.UTF_8)).isEqualTo("through the pipe");
        }
    }

    /** TCP over loopback on Winsock and the port: AcceptEx, ConnectEx, WSASend, WSARecv, a half-close, a refused connect. */
    @Test
    void tcpOverLoopback() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            java.net.InetSocketAddress any = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
            io.rusticated.net.TcpListener listener = io.rusticated.net.TcpListener.bind(loop, any, io.rusticated.net.ListenOptions.defaults());
            CompletionStage<io.rusticated.net.TcpStream> accepted = listener.accept();
            io.rusticated.net.TcpStream client = await(loop, io.rusticated.net.TcpStream.connect(loop, listener.localAddress(),
                    io.rusticated.net.ConnectOptions.defaults()));
            io.rusticated.net.TcpStream server = await(loop, accepted);
            assertThat(server.peerAddress()).isEqualTo(client.localAddress());
            await(loop, client.writeAll(Buffer.of("ping")));
            await(loop, client.shutdown(io.rusticated.net.Shutdown.WRITE));
            Buffer b = Buffer.allocate(16);
            assertThat(await(loop, server.read(b))).isEqualTo(4);
            assertThat(await(loop, server.read(Buffer.allocate(16)))).as("the FIN").isZero();
            await(loop, server.writeAll(Buffer.of("pong")));
            Buffer back = Buffer.allocate(16);
            assertThat(await(loop, client.read(back))).isEqualTo(4);
            assertThat(back.toString(StandardCharsets.UTF_8)).isEqualTo("pong");
            CompletionStage<Integer> pending = server.read(Buffer.allocate(16));
            await(loop, server.close());
            assertThatThrownBy(() -> await(loop, pending)).as("a receive pending at close ends with its cancelled packet")
                    .isInstanceOfAny(CompletionException.class, java.util.concurrent.CancellationException.class);
            java.net.InetSocketAddress gone = listener.localAddress();
            await(loop, client.close());
            await(loop, listener.close());
            assertThat(failure(loop, io.rusticated.net.TcpStream.connect(loop, gone, io.rusticated.net.ConnectOptions.defaults())))
                    .isInstanceOf(java.net.ConnectException.class);
        }
    }

    /** UDP over loopback: WSASendTo, WSARecvFrom with the sender, and a datagram cut short. */
    @Test
    void udpOverLoopback() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            java.net.InetSocketAddress any = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
            io.rusticated.net.UdpSocket a = io.rusticated.net.UdpSocket.bind(loop, any);
            io.rusticated.net.UdpSocket b = io.rusticated.net.UdpSocket.bind(loop, any);
            await(loop, a.sendTo(Buffer.of("0123456789"), b.localAddress()));
            Buffer small = Buffer.allocate(4);
            io.rusticated.net.Received r = await(loop, b.recvFrom(small));
            assertThat(r.truncated()).isTrue();
            assertThat(r.from()).isEqualTo(a.localAddress());
            await(loop, a.close());
            await(loop, b.close());
        }
    }
}
