package io.rusticated.jdk;

import io.rusticated.fs.Metadata;
import io.rusticated.path.NativePath;
import io.rusticated.rt.EventLoop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The default file system provider of the rusticated target: the JDK's own provider wrapped, its
 * I/O served by rusticated's proactor. Installed with
 * {@code -Djava.nio.file.spi.DefaultFileSystemProvider=io.rusticated.jdk.RusticatedFileSystemProvider},
 * after which every {@code Path.of}, {@code File.toPath} and {@code Files.*} call of an unchanged
 * program goes through it.
 *
 * <h2>Served by rusticated (each a loop operation the calling thread waits for)</h2>
 * <ul>
 * <li>{@code newByteChannel}, {@code newFileChannel}, {@code newInputStream},
 *     {@code newOutputStream}: the open, and then the channel's reads, writes, size, truncate and
 *     force ({@link RusticatedFileChannel}); {@code map} and locks go to a built-in channel on the
 *     same open file;</li>
 * <li>{@code newAsynchronousFileChannel}: reads and writes submitted without blocking, handlers on
 *     the channel's executor ({@link RusticatedAsynchronousFileChannel});</li>
 * <li>{@code readAttributes} for {@link BasicFileAttributes} and {@link PosixFileAttributes} and
 *     the {@code "basic:"}/{@code "posix:"} string forms, {@code readAttributesIfExists} and
 *     {@code exists}: one statx ({@link StatAttributes});</li>
 * <li>{@code checkAccess} (an access(2) on the blocking pool, as io_uring has no such opcode);</li>
 * <li>{@code newDirectoryStream} ({@link RusticatedDirectoryStream}), {@code createDirectory},
 *     {@code delete}, {@code deleteIfExists}, {@code createSymbolicLink}, {@code createLink};</li>
 * <li>{@code copy} and {@code move} where rusticated does what the JDK does ({@link CopyMove}).</li>
 * </ul>
 *
 * <h2>Delegated to the built-in provider</h2>
 * Everything else: attribute views
 * and {@code setAttribute}, other attribute types and views, {@code readSymbolicLink},
 * {@code isSameFile}, {@code isHidden}, {@code getFileStore}, {@code newFileSystem}, watch
 * services, and the options rusticated does not express ({@link OpenRequest}).
 *
 * <h2>Behaviour is the JDK's</h2>
 * A served call that fails is done again by the built-in provider, so the exception a program
 * sees (type, file strings, reason) is exactly the JDK's; if the state changed in between and the
 * repeat succeeds, that result stands. A call also goes to the built-in provider when rusticated
 * cannot take it: on the loop thread (blocking there would deadlock), before the loop is up or if
 * it cannot start (no backend: logged once at DEBUG), and for paths whose bytes only the JDK can
 * encode ({@link NativePaths}).
 *
 * <p>Known differences: {@code fileKey()} is rusticated's key (equal for the same file, printed
 * like the JDK's) rather than the JDK's class; directory streams are not
 * {@link java.nio.file.SecureDirectoryStream}s; Unix-domain socket addresses do not work, because
 * the JDK casts the default provider to its internal class
 * ({@code sun.nio.ch.UnixDomainSockets.getPathBytes}); {@code java.io.File},
 * {@code FileInputStream} and {@code RandomAccessFile} never reach any provider.
 */
public final class RusticatedFileSystemProvider extends FileSystemProvider {
    private final FileSystemProvider builtin;
    private final RusticatedFileSystem fs;
    private final boolean posix;

    /**
     * Wraps the built-in provider; called by {@link java.nio.file.FileSystems} while it creates the
     * default file system, so this touches nothing but the built-in provider. Given a rusticated
     * provider, wraps the built-in one inside it (never two layers).
     */
    public RusticatedFileSystemProvider(FileSystemProvider builtin) {
        Objects.requireNonNull(builtin, "builtin");
        if (builtin instanceof RusticatedFileSystemProvider r) {
            builtin = r.builtin;
        }
        this.builtin = builtin;
        FileSystem builtinFs = builtin.getFileSystem(URI.create("file:///"));
        this.fs = new RusticatedFileSystem(this, builtinFs);
        this.posix = builtinFs.supportedFileAttributeViews().contains("posix");
    }

    /** The provider this one wraps. */
    public FileSystemProvider builtinProvider() {
        return builtin;
    }

    /** The built-in path behind a path of this provider (or a built-in path itself). */
    private Path builtinOf(Path p) {
        if (p instanceof RusticatedPath r) {
            return r.builtin();
        }
        if (Objects.requireNonNull(p).getFileSystem() == fs.builtin()) {
            return p;
        }
        throw new ProviderMismatchException();
    }

    private static boolean followLinks(LinkOption... options) {
        boolean follow = true;
        for (LinkOption o : options) {
            if (o == LinkOption.NOFOLLOW_LINKS) {
                follow = false;
            } else {
                Objects.requireNonNull(o);
            }
        }
        return follow;
    }

    /** A served call failed in a way no JDK call would: the built-in provider takes over, and we say so at DEBUG. */
    private static void unexpected(RuntimeException e) {
        System.getLogger("io.rusticated.jdk").log(System.Logger.Level.DEBUG, "rusticated provider call failed; the JDK redoes it", e);
    }

    /** Work rusticated does on the loop for a JDK call. */
    @FunctionalInterface
    private interface OnLoop<T> {
        T call(EventLoop loop) throws IOException;
    }

    /**
     * The work's result, or null when the built-in provider must do the call instead: no loop for
     * this thread, an {@link IOException} (the JDK does it again, so the caller gets the JDK's own
     * result or exception), or a failure no JDK call would have (logged by {@link #unexpected}).
     */
    private static <T> T serve(EventLoop loop, OnLoop<T> work) {
        if (loop == null) {
            return null;
        }
        try {
            return work.call(loop);
        } catch (IOException e) {
            return null;
        } catch (RuntimeException e) {
            unexpected(e);
            return null;
        }
    }

    // ---- file systems and paths ----

    @Override
    public String getScheme() {
        return "file";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
        return builtin.newFileSystem(uri, env); // the default file system exists already: the JDK's exception
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        builtin.getFileSystem(uri); // checks the URI as the JDK does
        return fs;
    }

    @Override
    public Path getPath(URI uri) {
        return fs.wrap(builtin.getPath(uri));
    }

    @Override
    public FileSystem newFileSystem(Path path, Map<String, ?> env) throws IOException {
        return builtin.newFileSystem(builtinOf(path), env);
    }

    // ---- channels and streams ----

    /** A rusticated channel, or null where the built-in provider must open it (any failure included). */
    private RusticatedFileChannel openServed(Path b, Set<? extends OpenOption> options, FileAttribute<?>[] attrs) {
        OpenRequest req = OpenRequest.of(options, attrs, false);
        NativePath np = req == null ? null : NativePaths.of(b);
        return np == null ? null : serve(Proactor.loop(), loop -> new RusticatedFileChannel(
                new OpenFile(loop, Calls.open(loop, np, req.options()), builtin, b, req.readable(), req.writable(), req.append())));
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        Path b = builtinOf(path);
        RusticatedFileChannel ch = openServed(b, options, attrs);
        return ch != null ? ch : builtin.newFileChannel(b, options, attrs);
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        Path b = builtinOf(path);
        RusticatedFileChannel ch = openServed(b, options, attrs);
        return ch != null ? ch : builtin.newByteChannel(b, options, attrs);
    }

    @Override
    public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
        Path b = builtinOf(path);
        for (OpenOption o : options) {
            if (o == StandardOpenOption.APPEND || o == StandardOpenOption.WRITE) {
                return builtin.newInputStream(b, options); // the JDK's UnsupportedOperationException
            }
        }
        Set<OpenOption> set = new HashSet<>();
        Collections.addAll(set, options);
        RusticatedFileChannel ch = openServed(b, set, new FileAttribute<?>[0]);
        if (ch == null) {
            return builtin.newInputStream(b, options);
        }
        ch.setUninterruptible();
        return Channels.newInputStream(ch);
    }

    @Override
    public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
        Path b = builtinOf(path);
        Set<OpenOption> set = new HashSet<>();
        if (options.length == 0) {
            set.add(StandardOpenOption.CREATE);
            set.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        for (OpenOption o : options) {
            if (o == StandardOpenOption.READ) {
                return builtin.newOutputStream(b, options); // the JDK's IllegalArgumentException
            }
            set.add(Objects.requireNonNull(o));
        }
        set.add(StandardOpenOption.WRITE);
        RusticatedFileChannel ch = openServed(b, set, new FileAttribute<?>[0]);
        if (ch == null) {
            return builtin.newOutputStream(b, options);
        }
        ch.setUninterruptible();
        return Channels.newOutputStream(ch);
    }

    @Override
    public AsynchronousFileChannel newAsynchronousFileChannel(Path path, Set<? extends OpenOption> options,
                                                              ExecutorService executor, FileAttribute<?>... attrs) throws IOException {
        Path b = builtinOf(path);
        OpenRequest req = OpenRequest.of(options, attrs, true);
        NativePath np = req == null ? null : NativePaths.of(b);
        AsynchronousFileChannel served = np == null ? null : serve(Proactor.loop(), loop -> {
            long handle = Calls.open(loop, np, req.options());
            return new RusticatedAsynchronousFileChannel(new OpenFile(loop, handle, builtin, b, req.readable(), req.writable(), false), executor);
        });
        return served != null ? served : builtin.newAsynchronousFileChannel(b, options, executor, attrs);
    }

    // ---- directories ----

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        Path b = builtinOf(dir);
        Objects.requireNonNull(filter);
        NativePath np = NativePaths.of(b);
        DirectoryStream<Path> served = np == null ? null
                : serve(Proactor.loop(), loop -> new RusticatedDirectoryStream(loop, fs, b, np, Calls.openDirectory(loop, np), filter));
        return served != null ? served : WrappedDirectoryStream.open(fs, b, filter);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        Path b = builtinOf(dir);
        Integer mode = OpenRequest.mode(attrs, 0777);
        NativePath np = mode == null ? null : NativePaths.of(b);
        if (np == null || serve(Proactor.loop(), loop -> {
            Calls.mkdir(loop, np, mode);
            return Boolean.TRUE;
        }) == null) {
            builtin.createDirectory(b, attrs);
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        Path b = builtinOf(path);
        if (!deleteServed(b)) {
            builtin.delete(b);
        }
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        Path b = builtinOf(path);
        NativePath np = NativePaths.of(b);
        EventLoop loop = Proactor.loop();
        if (np != null && loop != null) {
            try {
                Metadata m = Calls.stat(loop, np, false);
                Calls.unlink(loop, np, m.isDirectory());
                return true;
            } catch (NoSuchFileException e) {
                return builtin.deleteIfExists(b); // most likely false; the JDK decides
            } catch (IOException e) {
                // the JDK's exception
            } catch (RuntimeException e) {
                unexpected(e);
            }
        }
        return builtin.deleteIfExists(b);
    }

    /** lstat, then unlink or rmdir, as the JDK does; false where the JDK must do it. */
    private boolean deleteServed(Path b) {
        NativePath np = NativePaths.of(b);
        return np != null && serve(Proactor.loop(), loop -> {
            Calls.unlink(loop, np, Calls.stat(loop, np, false).isDirectory());
            return Boolean.TRUE;
        }) != null;
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        Path bl = builtinOf(link);
        Path bt = builtinOf(target);
        NativePath nl = NativePaths.of(bl);
        NativePath nt = bt.toString().isEmpty() ? null : NativePaths.of(bt);
        if (attrs.length != 0 || nl == null || nt == null || serve(Proactor.loop(), loop -> {
            Calls.symlink(loop, nt, nl);
            return Boolean.TRUE;
        }) == null) {
            builtin.createSymbolicLink(bl, bt, attrs);
        }
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        Path bl = builtinOf(link);
        Path be = builtinOf(existing);
        NativePath nl = NativePaths.of(bl);
        NativePath ne = NativePaths.of(be);
        if (nl == null || ne == null || serve(Proactor.loop(), loop -> {
            Calls.link(loop, ne, nl);
            return Boolean.TRUE;
        }) == null) {
            builtin.createLink(bl, be);
        }
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        return fs.wrap(builtin.readSymbolicLink(builtinOf(link)));
    }

    // ---- copy and move ----

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        Path bs = builtinOf(source);
        Path bt = builtinOf(target);
        NativePath ns = NativePaths.of(bs);
        NativePath nt = NativePaths.of(bt);
        // CopyMove says false for what it leaves to the JDK (directories, COPY_ATTRIBUTES, ...)
        if (ns == null || nt == null || !Boolean.TRUE.equals(serve(Proactor.loop(), loop -> CopyMove.copy(loop, ns, nt, options)))) {
            builtin.copy(bs, bt, options);
        }
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        Path bs = builtinOf(source);
        Path bt = builtinOf(target);
        NativePath ns = NativePaths.of(bs);
        NativePath nt = NativePaths.of(bt);
        // the JDK also takes EXDEV, which it turns into a copy and a delete
        if (ns == null || nt == null || !Boolean.TRUE.equals(serve(Proactor.loop(), loop -> CopyMove.move(loop, ns, nt, options)))) {
            builtin.move(bs, bt, options);
        }
    }

    // ---- attributes ----

    private boolean servedType(Class<?> type) {
        return type == BasicFileAttributes.class || (posix && type == PosixFileAttributes.class);
    }

    /** One statx through the loop, or null where the built-in must answer; NoSuchFileException passes through. */
    private StatAttributes statServed(Path b, LinkOption[] options) throws NoSuchFileException {
        boolean follow = followLinks(options);
        NativePath np = NativePaths.of(b);
        EventLoop loop = Proactor.loop();
        if (np == null || loop == null) {
            return null;
        }
        try {
            return new StatAttributes(Calls.stat(loop, np, follow), new Owners(builtin, b, options));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            return null;
        } catch (RuntimeException e) {
            unexpected(e);
            return null;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options) throws IOException {
        Path b = builtinOf(path);
        if (servedType(type)) {
            try {
                StatAttributes a = statServed(b, options);
                if (a != null) {
                    return (A) (type == BasicFileAttributes.class ? a.basic() : a);
                }
            } catch (NoSuchFileException e) {
                // the JDK's own exception below
            }
        }
        return builtin.readAttributes(b, type, options);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributesIfExists(Path path, Class<A> type, LinkOption... options) throws IOException {
        Path b = builtinOf(path);
        if (servedType(type)) {
            try {
                StatAttributes a = statServed(b, options);
                if (a != null) {
                    return (A) (type == BasicFileAttributes.class ? a.basic() : a);
                }
            } catch (NoSuchFileException e) {
                return null;
            }
        }
        return builtin.readAttributesIfExists(b, type, options);
    }

    @Override
    public boolean exists(Path path, LinkOption... options) {
        Path b = builtinOf(path);
        try {
            if (statServed(b, options) != null) {
                return true;
            }
        } catch (NoSuchFileException e) {
            return false;
        }
        return builtin.exists(b, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        Path b = builtinOf(path);
        String[] names = AttributeMaps.servable(attributes, posix);
        if (names != null) {
            try {
                StatAttributes a = statServed(b, options);
                if (a != null) {
                    return AttributeMaps.read(names, attributes.startsWith("posix:"), () -> a);
                }
            } catch (NoSuchFileException e) {
                // the JDK's own exception below
            }
        }
        return builtin.readAttributes(b, attributes, options);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        return builtin.getFileAttributeView(builtinOf(path), type, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        builtin.setAttribute(builtinOf(path), attribute, value, options);
    }

    // ---- the rest: the JDK's ----

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        Path b = builtinOf(path);
        NativePath np = Arrays.asList(modes).contains(null) ? null : NativePaths.of(b); // null mode: the JDK's NullPointerException
        if (np == null || serve(Proactor.loop(), loop -> {
            Calls.access(loop, np, modes);
            return Boolean.TRUE;
        }) == null) {
            builtin.checkAccess(b, modes);
        }
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        return builtin.isSameFile(builtinOf(path), RusticatedFileSystem.unwrap(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        return builtin.isHidden(builtinOf(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return builtin.getFileStore(builtinOf(path));
    }

    @Override
    public String toString() {
        return "RusticatedFileSystemProvider[" + builtin + "]";
    }
}
