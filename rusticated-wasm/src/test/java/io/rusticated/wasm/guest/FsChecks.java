package io.rusticated.wasm.guest;

import io.rusticated.wasm.abi.Host;
import io.rusticated.wasm.abi.HostError;
import io.rusticated.wasm.fs.DirEntry;
import io.rusticated.wasm.fs.File;
import io.rusticated.wasm.fs.FileType;
import io.rusticated.wasm.fs.Fs;
import io.rusticated.wasm.fs.Metadata;
import io.rusticated.wasm.fs.OpenOptions;
import io.rusticated.wasm.process.Command;
import io.rusticated.wasm.rt.Latch;
import io.rusticated.wasm.rt.Operation;
import io.rusticated.wasm.rt.Proactor;
import io.rusticated.wasm.signal.Signals;
import io.rusticated.wasm.time.Time;
import io.rusticated.wasm.tty.Tty;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Runs in the guest, on the Node host, against the host's real file system: the cases of
 * rusticated's conformance kit that a WASM host can serve, through the guest's own API
 * (io.rusticated.wasm.fs, rt, time) and through the JDK API the target serves. Prints one line per
 * check ("ok NAME" or "FAIL NAME: why"), then "N passed, M failed"; exits 0 only if all passed.
 * The one argument is an empty directory to work in.
 */
public final class FsChecks {
    private static String dir;
    private static int passed;
    private static int failed;

    private interface Check {
        void run() throws Exception;
    }

    public static void main(String[] args) {
        dir = args[0];
        check("write and read at offsets", FsChecks::offsets);
        check("sequential reads and writes", FsChecks::sequential);
        check("a transfer over 1 MiB is split and complete", FsChecks::bigTransfer);
        check("open options", FsChecks::openOptions);
        check("metadata", FsChecks::metadata);
        check("directory listing", FsChecks::listing);
        check("mkdir, remove, rename", FsChecks::mkdirRemoveRename);
        check("symbolic and hard links", FsChecks::links);
        check("access", FsChecks::access);
        check("flush and truncate", FsChecks::flushAndTruncate);
        check("sleep", FsChecks::sleep);
        check("a cancelled sleep ends with ECANCELED", FsChecks::cancelledSleep);
        check("latch with a time limit", FsChecks::latch);
        check("error translation", FsChecks::errors);
        check("NUL in a path", FsChecks::nul);
        check("a stale token is ignored", FsChecks::staleToken);
        check("java.nio.file.Files on the host", FsChecks::jdkFiles);
        check("AsynchronousFileChannel", FsChecks::asyncChannel);
        check("processes, signals and terminals are unsupported, saying so", FsChecks::unsupported);
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    private static void check(String name, Check c) {
        try {
            c.run();
            passed++;
            System.out.println("ok " + name);
        } catch (Throwable t) {
            failed++;
            System.out.println("FAIL " + name + ": " + t);
        }
    }

    private static String p(String name) {
        return dir + "/" + name;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void expect(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    private static void equal(Object actual, Object expected, String what) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            throw new AssertionError(what + ": expected <" + expected + "> but was <" + actual + ">");
        }
    }

    private static <T extends Throwable> T throwsIt(Class<T> type, Check c) throws Exception {
        try {
            c.run();
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            throw new AssertionError("expected " + type.getName() + " but got " + t);
        }
        throw new AssertionError("expected " + type.getName() + " but nothing was thrown");
    }

    private static File create(String name) throws IOException {
        return File.open(p(name), new OpenOptions().read(true).write(true).create(true).truncate(true));
    }

    private static String readAll(String name) throws IOException {
        try (File f = File.open(p(name), new OpenOptions().read(true))) {
            byte[] b = new byte[(int) f.metadata().size() + 16];
            int total = 0;
            int n;
            while ((n = f.read(b, total, b.length - total)) > 0) {
                total += n;
            }
            return new String(b, 0, total, StandardCharsets.UTF_8);
        }
    }

    private static void offsets() throws Exception {
        try (File f = create("offsets")) {
            equal(f.writeAt(utf8("hello"), 0, 5, 0), 5, "write at 0");
            equal(f.writeAt(utf8("XY"), 0, 2, 10), 2, "write at 10");
            equal(f.metadata().size(), 12L, "size after a write past the end");
            byte[] b = new byte[12];
            equal(f.readAt(b, 0, 12, 0), 12, "read at 0");
            expect(Arrays.equals(b, new byte[] {'h', 'e', 'l', 'l', 'o', 0, 0, 0, 0, 0, 'X', 'Y'}), "the hole reads as zeros: " + Arrays.toString(b));
            byte[] two = new byte[4];
            equal(f.readAt(two, 1, 2, 3), 2, "read at 3 into offset 1");
            expect(two[1] == 'l' && two[2] == 'o' && two[0] == 0 && two[3] == 0, "bytes land at the array offset");
            equal(f.readAt(b, 0, 4, 12), 0, "read at the end");
            equal(f.readAt(b, 0, 4, 1000), 0, "read past the end");
            byte[] seq = new byte[3];
            equal(f.read(seq, 0, 3), 3, "positional I/O leaves the file position at 0");
            equal(new String(seq, StandardCharsets.UTF_8), "hel", "sequential read after positional ones");
        }
    }

    private static void sequential() throws Exception {
        try (File f = create("sequential")) {
            f.writeAll(utf8("one,"), 0, 4);
            f.writeAll(utf8("two"), 0, 3);
        }
        equal(readAll("sequential"), "one,two", "sequential writes follow each other");
        try (File f = File.open(p("sequential"), new OpenOptions().read(true))) {
            byte[] b = new byte[4];
            equal(f.read(b, 0, 4), 4, "first read");
            equal(f.read(b, 0, 4), 3, "second read is short at the end");
            equal(f.read(b, 0, 4), 0, "then 0 at the end");
        }
    }

    private static void bigTransfer() throws Exception {
        byte[] data = new byte[3 * File.CHUNK + 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >>> 11));
        }
        try (File f = create("big")) {
            f.writeAll(data, 0, data.length);
            byte[] back = new byte[data.length + 7];
            int total = 0;
            int n;
            while ((n = f.readAt(back, 7 + total, data.length - total, total)) > 0) {
                expect(n <= File.CHUNK, "at most one chunk per read: " + n);
                total += n;
            }
            equal(total, data.length, "bytes read back");
            expect(Arrays.equals(Arrays.copyOfRange(back, 7, back.length), data), "the same bytes, at an odd array offset");
        }
    }

    private static void openOptions() throws Exception {
        try (File f = create("opts")) {
            f.writeAll(utf8("12345"), 0, 5);
        }
        throwsIt(FileAlreadyExistsException.class, () -> File.open(p("opts"), new OpenOptions().write(true).createNew(true)));
        throwsIt(NoSuchFileException.class, () -> File.open(p("absent"), new OpenOptions().read(true)));
        try (File f = File.open(p("opts"), new OpenOptions().append(true))) {
            f.writeAll(utf8("67"), 0, 2);
        }
        equal(readAll("opts"), "1234567", "append writes at the end");
        try (File f = File.open(p("opts"), new OpenOptions().write(true).truncate(true))) {
            equal(f.metadata().size(), 0L, "truncate on open");
        }
        try (File f = File.open(p("created"), new OpenOptions().write(true).createNew(true).mode(0600))) {
            equal(f.metadata().permissions(), 0600, "createNew with mode 0600");
        }
        try (File f = File.open(p("created"), new OpenOptions().read(true))) {
            IOException e = throwsIt(IOException.class, () -> f.write(utf8("x"), 0, 1));
            equal(e.getMessage(), "Bad file descriptor", "writing a file opened for reading");
        }
        throwsIt(IllegalArgumentException.class, () -> File.open(p("opts"), new OpenOptions().read(true).truncate(true)));
        File closed = create("closed");
        closed.close();
        closed.close();
        throwsIt(ClosedChannelException.class, () -> closed.read(new byte[1], 0, 1));
    }

    private static void metadata() throws Exception {
        try (File f = create("meta")) {
            f.writeAll(utf8("abcd"), 0, 4);
            Metadata m = f.metadata();
            equal(m.type(), FileType.REGULAR, "type");
            equal(m.size(), 4L, "size");
            equal(m.links(), 1, "links");
            expect(m.inode() > 0, "an inode number");
            long now = System.currentTimeMillis() * 1_000_000L;
            expect(Math.abs(m.modifiedNanos() - now) < 60_000_000_000L, "modified within a minute of now: " + m.modifiedNanos());
        }
        Metadata d = Fs.metadata(dir);
        equal(d.type(), FileType.DIRECTORY, "a directory");
        equal(Fs.metadata("/dev/null").type(), FileType.OTHER, "a device");
        Fs.symlink(p("meta"), p("meta-link"));
        equal(Fs.symlinkMetadata(p("meta-link")).type(), FileType.SYMLINK, "lstat of a link");
        equal(Fs.metadata(p("meta-link")).type(), FileType.REGULAR, "stat follows the link");
        equal(Fs.metadata(p("meta-link")).size(), 4L, "the target's size");
    }

    private static void listing() throws Exception {
        Fs.createDir(p("list"), 0755);
        for (String n : List.of("a", "b b", "\u00e9t\u00e9")) {
            create("list/" + n).close();
        }
        Fs.createDir(p("list/sub"), 0755);
        Fs.symlink("a", p("list/ln"));
        TreeSet<String> names = new TreeSet<>();
        for (DirEntry e : Fs.readDir(p("list"))) {
            names.add(e.name() + ":" + e.type());
        }
        equal(names.toString(), "[a:REGULAR, b b:REGULAR, ln:SYMLINK, sub:DIRECTORY, \u00e9t\u00e9:REGULAR]", "entries and types");
        Fs.createDir(p("many"), 0755);
        for (int i = 0; i < 700; i++) {
            create("many/entry-with-a-rather-long-name-" + i).close();
        }
        equal(Fs.readDir(p("many")).size(), 700, "700 entries over several READ_DIR batches");
        equal(Fs.readDir(p("list/sub")).size(), 0, "an empty directory");
    }

    private static void mkdirRemoveRename() throws Exception {
        Fs.createDir(p("d"), 0755);
        throwsIt(FileAlreadyExistsException.class, () -> Fs.createDir(p("d"), 0755));
        throwsIt(NoSuchFileException.class, () -> Fs.createDir(p("no/such/parent"), 0755));
        create("d/f").close();
        throwsIt(DirectoryNotEmptyException.class, () -> Fs.removeDir(p("d")));
        create("other").close();
        throwsIt(FileAlreadyExistsException.class, () -> Fs.rename(p("other"), p("d/f"), true));
        Fs.rename(p("other"), p("d/f"), false);
        throwsIt(NoSuchFileException.class, () -> Fs.metadata(p("other")));
        Fs.rename(p("d/f"), p("moved"), true);
        Fs.removeFile(p("moved"));
        throwsIt(NoSuchFileException.class, () -> Fs.removeFile(p("moved")));
        Fs.removeDir(p("d"));
        throwsIt(NoSuchFileException.class, () -> Fs.metadata(p("d")));
    }

    private static void links() throws Exception {
        try (File f = create("target")) {
            f.writeAll(utf8("T"), 0, 1);
        }
        Fs.hardLink(p("target"), p("hard"));
        equal(Fs.metadata(p("target")).links(), 2, "two names");
        equal(Fs.metadata(p("hard")).inode(), Fs.metadata(p("target")).inode(), "one inode");
        throwsIt(FileAlreadyExistsException.class, () -> Fs.hardLink(p("target"), p("hard")));
        Fs.symlink("target", p("soft"));
        equal(readAll("soft"), "T", "reading through a relative symbolic link");
        Fs.symlink("nowhere", p("dangling"));
        throwsIt(NoSuchFileException.class, () -> Fs.metadata(p("dangling")));
        Fs.symlink("loop", p("loop"));
        FileSystemException e = throwsIt(FileSystemException.class, () -> Fs.metadata(p("loop")));
        equal(e.getReason(), "Too many levels of symbolic links or unable to access attributes of symbolic link", "ELOOP as the JDK says it");
    }

    private static void access() throws Exception {
        try (File f = File.open(p("private"), new OpenOptions().write(true).createNew(true).mode(0600))) {
            f.writeAll(utf8("p"), 0, 1);
        }
        Fs.checkAccess(p("private"), 0);
        Fs.checkAccess(p("private"), Host.ACCESS_READ | Host.ACCESS_WRITE);
        // Not executable by anyone: refused even to root, which reads and writes anything.
        throwsIt(AccessDeniedException.class, () -> Fs.checkAccess(p("private"), Host.ACCESS_EXECUTE));
        throwsIt(NoSuchFileException.class, () -> Fs.checkAccess(p("absent"), 0));
    }

    private static void flushAndTruncate() throws Exception {
        try (File f = create("trunc")) {
            f.writeAll(utf8("0123456789"), 0, 10);
            f.sync();
            f.syncData();
            f.setLength(3);
            equal(f.metadata().size(), 3L, "shrunk");
            f.setLength(6);
            byte[] b = new byte[6];
            equal(f.readAt(b, 0, 6, 0), 6, "read after growing");
            expect(Arrays.equals(b, new byte[] {'0', '1', '2', 0, 0, 0}), "grown with zeros: " + Arrays.toString(b));
        }
    }

    private static void sleep() {
        long t0 = System.nanoTime();
        Time.sleep(30_000_000L);
        long took = System.nanoTime() - t0;
        expect(took >= 30_000_000L, "slept at least 30 ms: " + took);
        List<String> order = new ArrayList<>();
        Latch all = new Latch();
        int[] left = {3};
        for (long ms : new long[] {40, 10, 25}) {
            Proactor.submit(Time.sleepOperation(ms * 1_000_000L), op -> {
                order.add(ms + "ms");
                if (--left[0] == 0) {
                    all.open();
                }
            });
        }
        all.await();
        equal(order.toString(), "[10ms, 25ms, 40ms]", "timers fire by deadline");
    }

    private static void cancelledSleep() {
        Operation op = Time.sleepOperation(60_000_000_000L);
        Proactor.submit(op, done -> { });
        Proactor.cancel(op);
        equal(Proactor.await(op), -HostError.ECANCELED, "result");
    }

    private static void latch() {
        Latch never = new Latch();
        long t0 = System.nanoTime();
        expect(!never.await(20_000_000L), "times out");
        expect(System.nanoTime() - t0 >= 20_000_000L, "after the time limit");
        Latch soon = new Latch();
        Proactor.submit(Time.sleepOperation(5_000_000L), op -> soon.open());
        expect(soon.await(10_000_000_000L), "opened before the limit");
    }

    private static void errors() throws Exception {
        throwsIt(NoSuchFileException.class, () -> Fs.metadata(p("absent")));
        NoSuchFileException e = throwsIt(NoSuchFileException.class, () -> File.open(p("absent"), new OpenOptions().read(true)));
        equal(e.getFile(), p("absent"), "the exception names the path");
        create("plain").close();
        throwsIt(NotDirectoryException.class, () -> Fs.readDir(p("plain")));
        FileSystemException notDir = throwsIt(FileSystemException.class, () -> Fs.createDir(p("plain/sub"), 0755));
        equal(notDir.getReason(), "Not a directory", "ENOTDIR under a file");
        FileSystemException isDir = throwsIt(FileSystemException.class, () -> Fs.removeFile(dir));
        expect(isDir.getReason().equals("Is a directory") || isDir.getReason().equals("Operation not permitted"),
                "unlink of a directory: " + isDir.getReason());
    }

    private static void nul() throws Exception {
        throwsIt(InvalidPathException.class, () -> Fs.metadata(p("a\0b")));
        throwsIt(InvalidPathException.class, () -> Files.readAttributes(Path.of(p("a\0b")), BasicFileAttributes.class));
    }

    private static void staleToken() {
        Proactor.complete(0, 0);
        Proactor.complete(0x7fff0000 | 12345, 0);
        expect(Proactor.pending() == 0, "nothing in flight afterwards");
    }

    private static void jdkFiles() throws Exception {
        Path base = Path.of(dir, "jdk");
        Files.createDirectory(base);
        Path f = base.resolve("text.txt");
        Files.writeString(f, "line one\nline two\n");
        // (Files.readString does not compile on TeaVM 0.16: its Reader lacks transferTo.)
        equal(new String(Files.readAllBytes(f), StandardCharsets.UTF_8), "line one\nline two\n", "writeString then readAllBytes");
        equal(Files.readAllLines(f).size(), 2, "readAllLines");
        equal(Files.size(f), 18L, "size");
        expect(Files.isRegularFile(f) && !Files.isDirectory(f) && Files.exists(f), "a regular file");
        expect(Files.isReadable(f) && Files.isWritable(f) && !Files.isExecutable(f), "access checks");
        Files.write(f, utf8("more\n"), StandardOpenOption.APPEND);
        equal(Files.readAllBytes(f).length, 23, "append");
        Path copy = base.resolve("copy.txt");
        Files.copy(f, copy);
        throwsIt(FileAlreadyExistsException.class, () -> Files.copy(f, copy));
        Files.copy(f, copy, StandardCopyOption.REPLACE_EXISTING);
        Path moved = base.resolve("moved.txt");
        Files.move(copy, moved);
        expect(!Files.exists(copy) && Files.exists(moved), "moved");
        Files.createDirectory(base.resolve("sub"));
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(base)) {
            for (Path x : s) {
                names.add(x.getFileName().toString());
            }
        }
        equal(names.toString(), "[moved.txt, sub, text.txt]", "newDirectoryStream");
        throwsIt(DirectoryNotEmptyException.class, () -> Files.delete(base));
        Files.delete(moved);
        expect(!Files.deleteIfExists(moved), "deleteIfExists of a deleted file");
        throwsIt(NoSuchFileException.class, () -> Files.readAttributes(base.resolve("absent"), BasicFileAttributes.class));
        throwsIt(NotDirectoryException.class, () -> Files.newDirectoryStream(f).close());
        BasicFileAttributes a = Files.readAttributes(base, BasicFileAttributes.class);
        expect(a.isDirectory() && !a.isRegularFile() && !a.isSymbolicLink() && !a.isOther(), "a directory's attributes");
    }

    private static void unsupported() throws Exception {
        for (Check c : List.<Check>of(() -> new Command("ls").spawn(), Signals::ctrlC, () -> Signals.listen("SIGINT"),
                () -> Tty.windowSize(1), () -> Tty.enterRawMode(0))) {
            UnsupportedOperationException e = throwsIt(UnsupportedOperationException.class, c);
            expect(e.getMessage().startsWith("WASM: ") && e.getMessage().contains("is not supported"), e.getMessage());
        }
    }

    private static void asyncChannel() throws Exception {
        Path f = Path.of(dir, "async.bin");
        try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            Future<Integer> w1 = ch.write(ByteBuffer.wrap(utf8("world")), 6);
            Future<Integer> w2 = ch.write(ByteBuffer.wrap(utf8("hello ")), 0);
            equal(w1.get() + w2.get(), 11, "two writes in flight at once");
            equal(ch.size(), 11L, "size");
            ByteBuffer dst = ByteBuffer.allocate(5);
            equal(ch.read(dst, 6).get(), 5, "read at 6");
            equal(new String(dst.array(), StandardCharsets.UTF_8), "world", "bytes read");
            equal(ch.read(ByteBuffer.allocate(4), 11).get(), -1, "read at the end is -1");
            ByteBuffer direct = ByteBuffer.allocateDirect(3);
            equal(ch.read(direct, 2).get(), 3, "into a direct buffer");
            direct.flip();
            equal(StandardCharsets.UTF_8.decode(direct).toString(), "llo", "direct buffer's bytes");
            Latch handled = new Latch();
            String[] seen = new String[1];
            ch.read(ByteBuffer.allocate(2), 0, "att", new CompletionHandler<Integer, String>() {
                @Override
                public void completed(Integer result, String attachment) {
                    seen[0] = result + " " + attachment;
                    handled.open();
                }

                @Override
                public void failed(Throwable exc, String attachment) {
                    seen[0] = "failed " + exc;
                    handled.open();
                }
            });
            handled.await();
            equal(seen[0], "2 att", "completion handler");
            ch.truncate(5);
            equal(ch.size(), 5L, "truncate");
            ch.force(true);
        }
        AsynchronousFileChannel ro = AsynchronousFileChannel.open(f, StandardOpenOption.READ);
        ro.close();
        ExecutionException e = throwsIt(ExecutionException.class, () -> ro.read(ByteBuffer.allocate(1), 0).get());
        expect(e.getCause() instanceof ClosedChannelException, "read on a closed channel: " + e.getCause());
        throwsIt(NoSuchFileException.class, () -> AsynchronousFileChannel.open(Path.of(dir, "absent"), StandardOpenOption.READ));
    }
}
