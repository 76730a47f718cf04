package io.rusticated.jdk;

import io.rusticated.fs.Metadata;
import io.rusticated.path.NativePath;
import io.rusticated.rt.EventLoop;
import io.rusticated.spi.ErrorKind;
import io.rusticated.spi.OsErrorException;
import io.rusticated.spi.PlatformFiles;
import io.rusticated.spi.Request;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.spi.FileSystemProvider;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The default file system provider of the rusticated target: the JDK's own provider wrapped, its
 * I/O served by rusticated. Installed with
 * {@code -Djava.nio.file.spi.DefaultFileSystemProvider=io.rusticated.jdk.RusticatedFileSystemProvider},
 * after which every {@code Path.of}, {@code File.toPath} and {@code Files.*} call of an unchanged
 * program goes through it.
 *
 * <h2>Served by rusticated (system calls on the calling thread, unless said otherwise)</h2>
 * <ul>
 * <li>{@code newByteChannel}, {@code newFileChannel}, {@code newInputStream},
 *     {@code newOutputStream}: the open, and then the channel's reads, writes, position, size,
 *     truncate, force and transfers ({@link RusticatedFileChannel}; a stream's sequential reads
 *     and writes on the loop); {@code map} and locks go to a built-in channel on the same open
 *     file;</li>
 * <li>{@code newAsynchronousFileChannel}: reads and writes submitted to the loop without
 *     blocking, handlers on the channel's executor ({@link RusticatedAsynchronousFileChannel});</li>
 * <li>{@code readAttributes} for {@link BasicFileAttributes} and {@link PosixFileAttributes} and
 *     the {@code "basic:"}/{@code "posix:"} string forms, {@code readAttributesIfExists} and
 *     {@code exists}: one stat ({@link StatAttributes});</li>
 * <li>{@code checkAccess} (an access(2));</li>
 * <li>{@code newDirectoryStream} ({@link RusticatedDirectoryStream}), {@code createDirectory},
 *     {@code delete}, {@code deleteIfExists}, {@code createSymbolicLink}, {@code createLink};</li>
 * <li>{@code copy} of regular files and directories, and {@code move} ({@link CopyMove}).</li>
 * </ul>
 *
 * <h2>Exactly the JDK's behaviour</h2>
 * A served call does what the JDK's provider does, system call for system call where it
 * matters, and either succeeds or throws what the JDK throws for it: the same class naming the
 * same file, other file and reason. Each OS error is translated as the JDK's call translates its
 * {@code UnixException} at that step, refinements included (ENOTDIR is "no such file" when reading
 * attributes or checking access; a directory that is not empty when deleting; not a directory when
 * listing; EISDIR is "exists" when creating a directory).
 *
 * <h2>Handed to the JDK's own provider</h2>
 * A call goes whole to the built-in provider only where rusticated decides, before it changes
 * anything, not to serve it; {@link HandOver} lists the reasons: calls it never serves (attribute
 * views and {@code setAttribute}, {@code readSymbolicLink}, {@code isSameFile}, {@code isHidden},
 * {@code getFileStore}, {@code newFileSystem}), options, attributes and arguments it does not take
 * ({@link PlatformFiles#openRule}), paths only the JDK can name ({@link PlatformFiles#faithful}),
 * and calls it cannot take from where they are made (the JVM still booting, no OS module; for an
 * asynchronous channel, no loop). A served call that fails is never done again by the JDK; the
 * one call the JDK finishes is a move across file systems ({@link HandOver#CROSS_DEVICE}).
 * {@link #counters()} counts both kinds per method.
 *
 * <p>Directory streams are {@link java.nio.file.SecureDirectoryStream}s where the JDK's are
 * ({@link SecureRusticatedDirectoryStream}); {@code fileKey()} is the JDK's own key where the OS
 * module can make one ({@link PlatformFiles#fileKey}).
 *
 * <p>Known differences: Unix-domain socket addresses do not work, because
 * the JDK casts the default provider to its internal class
 * ({@code sun.nio.ch.UnixDomainSockets.getPathBytes}); {@code java.io.File},
 * {@code FileInputStream} and {@code RandomAccessFile} never reach any provider.
 */
public final class RusticatedFileSystemProvider extends FileSystemProvider {
    private static final FileAttribute<?>[] NO_ATTRIBUTES = new FileAttribute<?>[0];

    private final FileSystemProvider builtin;
    private final RusticatedFileSystem fs;
    private final boolean posix;
    private final ProviderCounters counters = new ProviderCounters();

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

    /** How many calls this provider served and handed to the JDK, per method and reason. */
    public ProviderCounters counters() {
        return counters;
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

    // ---- serve or hand over ----

    /**
     * Whether rusticated serves {@code call}, with system calls on the calling thread: not where
     * the OS's rules or calls are missing ({@code files} null, or no {@link Proactor#calls()}), nor
     * for {@code refusal} (decided from the call's arguments with those rules, or null). The one
     * place where a synchronous call is counted and handed over: nothing else sends a call to the
     * JDK, and nothing catches a served call's failure to have the JDK do it again.
     */
    private boolean tryServe(ProviderCall call, PlatformFiles files, HandOver refusal) {
        HandOver why = files == null || Proactor.calls() == null ? Proactor.whyNoFiles() : refusal;
        if (why != null) {
            counters.countHandOver(call, why);
            return false;
        }
        counters.countServed(call);
        return true;
    }

    /**
     * The loop to serve an asynchronous channel on, or null when the JDK opens it: as
     * {@link #tryServe}, and also where no loop takes calls from this thread now.
     */
    private EventLoop tryServeOnLoop(ProviderCall call, PlatformFiles files, HandOver refusal) {
        HandOver why = files == null || Proactor.calls() == null ? Proactor.whyNoFiles() : refusal;
        EventLoop loop = null;
        if (why == null) {
            loop = Proactor.loop();
            if (loop == null) {
                why = Proactor.whyNoLoop();
            }
        }
        if (why != null) {
            counters.countHandOver(call, why);
            return null;
        }
        counters.countServed(call);
        return loop;
    }

    /**
     * Whether a secure directory stream serves a call relative to its directory: the OS module is
     * there (the stream exists), so only {@code refusal} hands it over. Counted.
     */
    boolean serveRelative(ProviderCall call, HandOver refusal) {
        if (refusal != null) {
            counters.countHandOver(call, refusal);
            return false;
        }
        counters.countServed(call);
        return true;
    }

    /** A call of a secure directory stream rusticated never serves, counted as handed over. */
    void handOverRelative(ProviderCall call) {
        counters.countHandOver(call, HandOver.NOT_SERVED);
    }

    /** A call rusticated never serves. */
    private void handOver(ProviderCall call) {
        counters.countHandOver(call, HandOver.NOT_SERVED);
    }

    /** The path for a system call, or null where the JDK alone can name it (or {@code files} is null). */
    private static NativePath nativePath(PlatformFiles files, Path builtinPath) {
        return files == null ? null : NativePaths.of(files, builtinPath);
    }

    private static boolean hasNull(Object[] a) {
        if (a == null) {
            return true;
        }
        for (Object o : a) {
            if (o == null) {
                return true;
            }
        }
        return false;
    }

    /** NOFOLLOW_LINKS absent; the options have been checked for null ({@link #hasNull}). */
    private static boolean followLinks(LinkOption... options) {
        for (LinkOption o : options) {
            if (o == LinkOption.NOFOLLOW_LINKS) {
                return false;
            }
        }
        return true;
    }

    // ---- file systems and paths ----

    @Override
    public String getScheme() {
        return "file";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
        handOver(ProviderCall.NEW_FILE_SYSTEM);
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
        handOver(ProviderCall.NEW_FILE_SYSTEM);
        return builtin.newFileSystem(builtinOf(path), env);
    }

    // ---- channels and streams ----

    /** A channel rusticated opened, or null where the JDK must open it (see {@link #open}). */
    private RusticatedFileChannel openChannel(ProviderCall call, Path b, Set<? extends OpenOption> options, FileAttribute<?>[] attrs,
                                              HandOver refusal) throws IOException {
        PlatformFiles pf = Proactor.files();
        int mode = pf == null ? PlatformFiles.NO_MODE : pf.creationMode(attrs, false);
        PlatformFiles.OpenRule rule = mode == PlatformFiles.NO_MODE ? null : pf.openRule(options, mode, false);
        NativePath np = rule == null ? null : nativePath(pf, b);
        if (!tryServe(call, pf, openRefusal(refusal, mode, rule, np))) {
            return null;
        }
        return new RusticatedFileChannel(open(pf, b, np, rule));
    }

    private static HandOver openRefusal(HandOver refusal, int mode, PlatformFiles.OpenRule rule, NativePath np) {
        return refusal != null ? refusal : mode == PlatformFiles.NO_MODE ? HandOver.ATTRIBUTES
                : rule == null ? HandOver.OPTIONS : np == null ? HandOver.PATH : null;
    }

    /** The file opened as the JDK's channel factory opens it, failing as it fails. */
    private OpenFile open(PlatformFiles pf, Path b, NativePath np, PlatformFiles.OpenRule rule) throws IOException {
        long handle;
        try {
            handle = Calls.open(np, rule.openFlags(), rule.mode());
        } catch (OsErrorException x) {
            throw pf.openFailed(b.toString(), rule, x.error());
        }
        return new OpenFile(handle, rule, pf, builtin, b);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        Path b = builtinOf(path);
        RusticatedFileChannel ch = openChannel(ProviderCall.NEW_FILE_CHANNEL, b, options, attrs, null);
        return ch != null ? ch : builtin.newFileChannel(b, options, attrs);
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        Path b = builtinOf(path);
        RusticatedFileChannel ch = openChannel(ProviderCall.NEW_BYTE_CHANNEL, b, options, attrs, null);
        return ch != null ? ch : builtin.newByteChannel(b, options, attrs);
    }

    @Override
    public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
        Path b = builtinOf(path);
        Set<OpenOption> set = new HashSet<>();
        boolean refused = false;
        for (OpenOption o : options) {
            refused |= o == StandardOpenOption.APPEND || o == StandardOpenOption.WRITE; // the JDK's UnsupportedOperationException
            set.add(o);
        }
        RusticatedFileChannel ch = openChannel(ProviderCall.NEW_INPUT_STREAM, b, set, NO_ATTRIBUTES, refused ? HandOver.ARGUMENTS : null);
        if (ch == null) {
            return builtin.newInputStream(b, options);
        }
        ch.setUninterruptible();
        return new ChannelInputStream(ch);
    }

    @Override
    public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
        Path b = builtinOf(path);
        Set<OpenOption> set = new HashSet<>();
        if (options.length == 0) {
            set.add(StandardOpenOption.CREATE);
            set.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        boolean refused = false;
        for (OpenOption o : options) {
            refused |= o == StandardOpenOption.READ; // the JDK's IllegalArgumentException
            set.add(o);
        }
        set.add(StandardOpenOption.WRITE);
        RusticatedFileChannel ch = openChannel(ProviderCall.NEW_OUTPUT_STREAM, b, set, NO_ATTRIBUTES, refused ? HandOver.ARGUMENTS : null);
        if (ch == null) {
            return builtin.newOutputStream(b, options);
        }
        ch.setUninterruptible();
        return new ChannelOutputStream(ch);
    }

    @Override
    public AsynchronousFileChannel newAsynchronousFileChannel(Path path, Set<? extends OpenOption> options,
                                                              ExecutorService executor, FileAttribute<?>... attrs) throws IOException {
        Path b = builtinOf(path);
        PlatformFiles pf = Proactor.files();
        int mode = pf == null ? PlatformFiles.NO_MODE : pf.creationMode(attrs, false);
        PlatformFiles.OpenRule rule = mode == PlatformFiles.NO_MODE ? null : pf.openRule(options, mode, true);
        NativePath np = rule == null ? null : nativePath(pf, b);
        EventLoop loop = tryServeOnLoop(ProviderCall.NEW_ASYNCHRONOUS_FILE_CHANNEL, pf, openRefusal(null, mode, rule, np));
        if (loop == null) {
            return builtin.newAsynchronousFileChannel(b, options, executor, attrs);
        }
        return new RusticatedAsynchronousFileChannel(open(pf, b, np, rule), loop, executor, builtin, options);
    }

    // ---- directories ----

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        Path b = builtinOf(dir);
        Objects.requireNonNull(filter);
        PlatformFiles pf = Proactor.files();
        NativePath np = nativePath(pf, b);
        if (!tryServe(ProviderCall.NEW_DIRECTORY_STREAM, pf, np == null ? HandOver.PATH : null)) {
            return WrappedDirectoryStream.open(fs, b, filter);
        }
        long handle;
        try {
            handle = Calls.openDirectory(Request.NO_HANDLE, np, true);
        } catch (OsErrorException x) {
            throw x.kind() == ErrorKind.NOT_A_DIRECTORY ? new NotDirectoryException(b.toString()) : JdkErrors.of(x, b);
        }
        return pf.relativeToDirectories() ? new SecureRusticatedDirectoryStream(this, pf, fs, b, np, handle, filter)
                : new RusticatedDirectoryStream(pf, fs, b, np, handle, filter);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        Path b = builtinOf(dir);
        PlatformFiles pf = Proactor.files();
        int mode = pf == null ? PlatformFiles.NO_MODE : pf.creationMode(attrs, true);
        NativePath np = nativePath(pf, b);
        if (!tryServe(ProviderCall.CREATE_DIRECTORY, pf, mode == PlatformFiles.NO_MODE ? HandOver.ATTRIBUTES : np == null ? HandOver.PATH : null)) {
            builtin.createDirectory(b, attrs);
            return;
        }
        try {
            Calls.mkdir(np, mode);
        } catch (OsErrorException x) {
            throw x.kind() == ErrorKind.IS_A_DIRECTORY ? new FileAlreadyExistsException(b.toString()) : JdkErrors.of(x, b);
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        Path b = builtinOf(path);
        if (deleteServed(ProviderCall.DELETE, b, true) == null) {
            builtin.delete(b);
        }
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        Path b = builtinOf(path);
        Boolean deleted = deleteServed(ProviderCall.DELETE_IF_EXISTS, b, false);
        return deleted != null ? deleted : builtin.deleteIfExists(b);
    }

    /** Whether it deleted a file; null where the JDK must delete it (counted as handed over). */
    private Boolean deleteServed(ProviderCall call, Path b, boolean failIfNotExists) throws IOException {
        PlatformFiles pf = Proactor.files();
        NativePath np = nativePath(pf, b);
        return tryServe(call, pf, np == null ? HandOver.PATH : null) ? unlink(b, np, failIfNotExists) : null;
    }

    /** The JDK's implDelete: lstat, then rmdir or unlink; whether it deleted a file. */
    private static boolean unlink(Path b, NativePath np, boolean failIfNotExists) throws IOException {
        Metadata attrs = null;
        try {
            attrs = Calls.stat(np, false);
            Calls.unlink(np, attrs.isDirectory());
            return true;
        } catch (OsErrorException x) {
            if (!failIfNotExists && x.kind() == ErrorKind.NOT_FOUND) {
                return false;
            }
            if (attrs != null && attrs.isDirectory() && (x.kind() == ErrorKind.ALREADY_EXISTS || x.kind() == ErrorKind.DIRECTORY_NOT_EMPTY)) {
                throw new DirectoryNotEmptyException(b.toString());
            }
            throw JdkErrors.of(x, b);
        }
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        Path bl = builtinOf(link);
        Path bt = builtinOf(target);
        PlatformFiles pf = Proactor.files();
        NativePath nl = nativePath(pf, bl);
        // the link's text as it is: the JDK passes its bytes, never "." for an empty one
        NativePath nt = pf == null || bt.toString().isEmpty() || !pf.faithful(bt.toString()) ? null : NativePath.of(bt.toString());
        if (!tryServe(ProviderCall.CREATE_SYMBOLIC_LINK, pf, attrs.length != 0 ? HandOver.ATTRIBUTES : nl == null || nt == null ? HandOver.PATH : null)) {
            builtin.createSymbolicLink(bl, bt, attrs);
            return;
        }
        try {
            Calls.symlink(nt, nl);
        } catch (OsErrorException x) {
            throw JdkErrors.of(x, bl);
        }
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        Path bl = builtinOf(link);
        Path be = builtinOf(existing);
        PlatformFiles pf = Proactor.files();
        NativePath nl = nativePath(pf, bl);
        NativePath ne = nativePath(pf, be);
        if (!tryServe(ProviderCall.CREATE_LINK, pf, nl == null || ne == null ? HandOver.PATH : null)) {
            builtin.createLink(bl, be);
            return;
        }
        try {
            Calls.link(ne, nl);
        } catch (OsErrorException x) {
            throw JdkErrors.of(x, bl, be);
        }
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        Path b = builtinOf(link);
        handOver(ProviderCall.READ_SYMBOLIC_LINK);
        return fs.wrap(builtin.readSymbolicLink(b));
    }

    // ---- copy and move ----

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        Path bs = builtinOf(source);
        Path bt = builtinOf(target);
        copyOrMove(ProviderCall.COPY, bs, bt, options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        Path bs = builtinOf(source);
        Path bt = builtinOf(target);
        copyOrMove(ProviderCall.MOVE, bs, bt, options);
    }

    private void copyOrMove(ProviderCall call, Path bs, Path bt, CopyOption... options) throws IOException {
        boolean move = call == ProviderCall.MOVE;
        PlatformFiles pf = Proactor.files();
        int flags = CopyMove.flags(move, options);
        NativePath ns = nativePath(pf, bs);
        NativePath nt = nativePath(pf, bt);
        boolean served = tryServe(call, pf, flags == CopyMove.NOT_EXPRESSED ? HandOver.OPTIONS
                : ns == null || nt == null ? HandOver.PATH : null);
        HandOver rest = null;
        if (served) {
            rest = move ? CopyMove.move(bs, ns, bt, nt, flags) : CopyMove.copy(bs, ns, bt, nt, flags);
            if (rest == null) {
                return;
            }
            counters.countTakenOver(call, rest);
        }
        if (move) {
            builtin.move(bs, bt, options);
        } else {
            builtin.copy(bs, bt, options);
        }
    }

    // ---- attributes ----

    private boolean servedType(Class<?> type) {
        return type == BasicFileAttributes.class || (posix && type == PosixFileAttributes.class);
    }

    /** Why a stat of {@code np} goes to the JDK, or null: the options, then the path. */
    private static HandOver refusalToStat(NativePath np, LinkOption[] options) {
        return hasNull(options) ? HandOver.ARGUMENTS : np == null ? HandOver.PATH : null;
    }

    /** One stat on the calling thread; an OS error as it is. */
    private StatAttributes stat(PlatformFiles pf, Path b, NativePath np, LinkOption[] options) throws IOException {
        return new StatAttributes(Calls.stat(np, followLinks(options)), pf, new Owners(pf, builtin, b, options));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options) throws IOException {
        Path b = builtinOf(path);
        PlatformFiles pf = Proactor.files();
        NativePath np = nativePath(pf, b);
        if (!tryServe(ProviderCall.READ_ATTRIBUTES, pf, servedType(type) ? refusalToStat(np, options) : HandOver.ATTRIBUTES)) {
            return builtin.readAttributes(b, type, options);
        }
        StatAttributes a;
        try {
            a = stat(pf, b, np, options);
        } catch (OsErrorException x) {
            throw JdkErrors.noSuchFileIfNotDirectory(x, b);
        }
        return (A) (type == BasicFileAttributes.class ? a.basic() : a);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributesIfExists(Path path, Class<A> type, LinkOption... options) throws IOException {
        Path b = builtinOf(path);
        PlatformFiles pf = Proactor.files();
        NativePath np = nativePath(pf, b);
        if (!tryServe(ProviderCall.READ_ATTRIBUTES_IF_EXISTS, pf, servedType(type) ? refusalToStat(np, options) : HandOver.ATTRIBUTES)) {
            return builtin.readAttributesIfExists(b, type, options);
        }
        StatAttributes a;
        try {
            a = stat(pf, b, np, options);
        } catch (OsErrorException x) {
            // The JDK's own form for basic attributes following links (stat2) takes only ENOENT as
            // "no file"; its general form reads attributes, where ENOTDIR is "no such file" too.
            boolean onlyNotFound = type == BasicFileAttributes.class && followLinks(options);
            if (x.kind() == ErrorKind.NOT_FOUND || (x.kind() == ErrorKind.NOT_A_DIRECTORY && !onlyNotFound)) {
                return null;
            }
            throw JdkErrors.of(x, b);
        }
        return (A) (type == BasicFileAttributes.class ? a.basic() : a);
    }

    @Override
    public boolean exists(Path path, LinkOption... options) {
        Path b = builtinOf(path);
        PlatformFiles pf = Proactor.files();
        NativePath np = nativePath(pf, b);
        if (!tryServe(ProviderCall.EXISTS, pf, refusalToStat(np, options))) {
            return builtin.exists(b, options);
        }
        // As the JDK's: access(F_OK) following links, else a stat; false: does not exist, or cannot tell
        return followLinks(options) ? Calls.accessSucceeds(np) : Calls.statSucceeds(np, false);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        Path b = builtinOf(path);
        PlatformFiles pf = Proactor.files();
        NativePath np = nativePath(pf, b);
        String[] names = attributes == null ? null : AttributeMaps.servable(attributes, posix);
        if (!tryServe(ProviderCall.READ_ATTRIBUTE_MAP, pf, attributes == null ? HandOver.ARGUMENTS
                : names == null ? HandOver.ATTRIBUTES : refusalToStat(np, options))) {
            return builtin.readAttributes(b, attributes, options);
        }
        StatAttributes a;
        try {
            a = stat(pf, b, np, options);
        } catch (OsErrorException x) {
            throw JdkErrors.noSuchFileIfNotDirectory(x, b);
        }
        return AttributeMaps.read(names, attributes.startsWith("posix:"), a);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        Path b = builtinOf(path);
        handOver(ProviderCall.GET_FILE_ATTRIBUTE_VIEW);
        return builtin.getFileAttributeView(b, type, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        Path b = builtinOf(path);
        handOver(ProviderCall.SET_ATTRIBUTE);
        builtin.setAttribute(b, attribute, value, options);
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        Path b = builtinOf(path);
        PlatformFiles pf = Proactor.files();
        NativePath np = nativePath(pf, b);
        if (!tryServe(ProviderCall.CHECK_ACCESS, pf, hasNull(modes) ? HandOver.ARGUMENTS : np == null ? HandOver.PATH : null)) {
            builtin.checkAccess(b, modes);
            return;
        }
        try {
            Calls.access(np, modes);
        } catch (OsErrorException x) {
            throw JdkErrors.noSuchFileIfNotDirectory(x, b);
        }
    }

    // ---- the rest: the JDK's ----

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        Path b = builtinOf(path);
        handOver(ProviderCall.IS_SAME_FILE);
        return builtin.isSameFile(b, RusticatedFileSystem.unwrap(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        Path b = builtinOf(path);
        handOver(ProviderCall.IS_HIDDEN);
        return builtin.isHidden(b);
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        Path b = builtinOf(path);
        handOver(ProviderCall.GET_FILE_STORE);
        return builtin.getFileStore(b);
    }

    @Override
    public String toString() {
        return "RusticatedFileSystemProvider[" + builtin + "]";
    }
}
