package io.rusticated.jdk;

import io.rusticated.path.NativePath;
import io.rusticated.spi.ErrorKind;
import io.rusticated.spi.OsErrorException;
import io.rusticated.spi.PlatformFiles;
import io.rusticated.spi.Request;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.ClosedDirectoryStreamException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.util.Set;

/**
 * A directory stream that is a {@link SecureDirectoryStream}, as the JDK's is where the OS takes
 * paths relative to a directory ({@link PlatformFiles#relativeToDirectories()}): opening a
 * directory or a file, and deleting, relative to this stream's open directory are served by
 * rusticated, with the directory's handle ({@code openat(2)}, {@code unlinkat(2)}), so a rename of
 * the directory meanwhile changes nothing, as in the JDK's {@code UnixSecureDirectoryStream}; each
 * fails as the JDK's does. Moving between two such streams and the attribute views bound to the
 * directory are the JDK's own secure stream's, on the same directory ({@link #jdk()}), as the
 * provider hands every attribute view to the JDK.
 */
final class SecureRusticatedDirectoryStream extends RusticatedDirectoryStream implements SecureDirectoryStream<Path> {
    private final RusticatedFileSystemProvider provider;
    private SecureDirectoryStream<Path> jdk; // guarded by this

    SecureRusticatedDirectoryStream(RusticatedFileSystemProvider provider, PlatformFiles files, RusticatedFileSystem fs, Path builtinDir,
                                    NativePath nativeDir, long handle, Filter<? super Path> filter) {
        super(files, fs, builtinDir, nativeDir, handle, filter);
        this.provider = provider;
    }

    /** A path of this file system, relative or not, as the JDK's secure stream takes it. */
    private static Path builtinOf(Path p) {
        if (p == null) {
            throw new NullPointerException();
        }
        if (!(p instanceof RusticatedPath r)) {
            throw new ProviderMismatchException();
        }
        return r.builtin();
    }

    /** Takes the directory's handle for a call: the stream stays open meanwhile. */
    private void enter() {
        lock.readLock().lock();
        if (isClosed()) {
            lock.readLock().unlock();
            throw new ClosedDirectoryStreamException();
        }
    }

    private void leave() {
        lock.readLock().unlock();
    }

    @Override
    public SecureDirectoryStream<Path> newDirectoryStream(Path path, LinkOption... options) throws IOException {
        Path file = builtinOf(path);
        NativePath np = NativePaths.of(files, file);
        boolean followLinks = true;
        for (LinkOption o : options) {
            followLinks &= o != LinkOption.NOFOLLOW_LINKS;
        }
        if (!provider.serveRelative(ProviderCall.DIRECTORY_STREAM_NEW_DIRECTORY_STREAM, np == null ? HandOver.PATH : null)) {
            return jdk().newDirectoryStream(file, options);
        }
        enter();
        try {
            // As the JDK's: a plain open (a link not followed is ELOOP), then the descriptor must be a
            // directory (the JDK's fdopendir says ENOTDIR).
            long h;
            try {
                h = Calls.open(handle, np, Request.OPEN_READ, followLinks ? 0 : Request.NO_FOLLOW, 0);
            } catch (OsErrorException x) {
                throw x.kind() == ErrorKind.NOT_A_DIRECTORY ? new NotDirectoryException(file.toString()) : JdkErrors.of(x, file);
            }
            boolean directory = false;
            try {
                directory = Calls.fstat(h).isDirectory();
            } catch (OsErrorException x) {
                // as not a directory: closed below
            } finally {
                if (!directory) {
                    try {
                        Calls.close(h);
                    } catch (OsErrorException ignore) {
                        // the open's failure is what the caller hears
                    }
                }
            }
            if (!directory) {
                throw new NotDirectoryException(file.toString());
            }
            Path child = builtinDir.resolve(file);
            return new SecureRusticatedDirectoryStream(provider, files, fs, child, NativePath.of(child.toString()), h, p -> true);
        } finally {
            leave();
        }
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        Path file = builtinOf(path);
        int mode = files.creationMode(attrs, false);
        PlatformFiles.OpenRule rule = mode == PlatformFiles.NO_MODE ? null : files.openRule(options, mode, false);
        NativePath np = rule == null ? null : NativePaths.of(files, file);
        HandOver refusal = mode == PlatformFiles.NO_MODE ? HandOver.ATTRIBUTES : rule == null ? HandOver.OPTIONS : np == null ? HandOver.PATH : null;
        if (!provider.serveRelative(ProviderCall.DIRECTORY_STREAM_NEW_BYTE_CHANNEL, refusal)) {
            return jdk().newByteChannel(file, options, attrs);
        }
        enter();
        try {
            long h;
            try {
                h = Calls.open(handle, np, rule.openFlags(), 0, rule.mode());
            } catch (OsErrorException x) {
                throw files.openFailed(file.toString(), rule, x.error());
            }
            return new RusticatedFileChannel(new OpenFile(h, rule, files, provider.builtinProvider(), builtinDir.resolve(file)));
        } finally {
            leave();
        }
    }

    @Override
    public void deleteFile(Path path) throws IOException {
        delete(path, false);
    }

    @Override
    public void deleteDirectory(Path path) throws IOException {
        delete(path, true);
    }

    private void delete(Path path, boolean directory) throws IOException {
        Path file = builtinOf(path);
        NativePath np = NativePaths.of(files, file);
        if (!provider.serveRelative(ProviderCall.DIRECTORY_STREAM_DELETE, np == null ? HandOver.PATH : null)) {
            if (directory) {
                jdk().deleteDirectory(file);
            } else {
                jdk().deleteFile(file);
            }
            return;
        }
        enter();
        try {
            Calls.unlink(handle, np, directory);
        } catch (OsErrorException x) {
            if (directory && (x.kind() == ErrorKind.ALREADY_EXISTS || x.kind() == ErrorKind.DIRECTORY_NOT_EMPTY)) {
                throw new DirectoryNotEmptyException(null); // as the JDK's: no name
            }
            throw JdkErrors.of(x, file);
        } finally {
            leave();
        }
    }

    @Override
    public void move(Path srcpath, SecureDirectoryStream<Path> targetdir, Path targetpath) throws IOException {
        Path from = builtinOf(srcpath);
        Path to = builtinOf(targetpath);
        if (targetdir == null) {
            throw new NullPointerException();
        }
        if (!(targetdir instanceof SecureRusticatedDirectoryStream that)) {
            throw new ProviderMismatchException();
        }
        provider.handOverRelative(ProviderCall.DIRECTORY_STREAM_MOVE);
        jdk().move(from, that.jdk(), to);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Class<V> type) {
        provider.handOverRelative(ProviderCall.DIRECTORY_STREAM_ATTRIBUTE_VIEW);
        return jdkOrClosed().getFileAttributeView(type);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        Path file = builtinOf(path);
        provider.handOverRelative(ProviderCall.DIRECTORY_STREAM_ATTRIBUTE_VIEW);
        return jdkOrClosed().getFileAttributeView(file, type, options);
    }

    private SecureDirectoryStream<Path> jdkOrClosed() {
        try {
            return jdk();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The JDK's own secure stream on this very directory, opened on first use through the OS's
     * path to the handle ({@code /proc/self/fd/N}), so it is the directory this stream has open
     * even if it was renamed since; closed with this stream.
     */
    private synchronized SecureDirectoryStream<Path> jdk() throws IOException {
        if (jdk == null) {
            enter();
            try {
                Path byHandle = files.handlePath(builtinDir.getFileSystem(), handle);
                if (byHandle == null) {
                    throw new UnsupportedOperationException("no path to directory handle " + handle + " on " + System.getProperty("os.name"));
                }
                DirectoryStream<Path> s = provider.builtinProvider().newDirectoryStream(byHandle, p -> true);
                if (!(s instanceof SecureDirectoryStream<Path> secure)) {
                    s.close();
                    throw new UnsupportedOperationException("the JDK's directory streams are not secure on " + System.getProperty("os.name"));
                }
                jdk = secure;
            } finally {
                leave();
            }
        }
        return jdk;
    }

    @Override
    public void close() throws IOException {
        SecureDirectoryStream<Path> j;
        synchronized (this) {
            j = jdk;
            jdk = null;
        }
        try {
            if (j != null) {
                j.close();
            }
        } finally {
            super.close();
        }
    }
}
