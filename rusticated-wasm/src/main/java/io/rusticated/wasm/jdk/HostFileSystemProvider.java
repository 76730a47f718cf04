package io.rusticated.wasm.jdk;

import io.rusticated.wasm.abi.Host;
import io.rusticated.wasm.fs.File;
import io.rusticated.wasm.fs.Fs;
import io.rusticated.wasm.fs.Metadata;
import io.rusticated.wasm.fs.OpenOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Map;
import java.util.Set;

/**
 * The default file system's provider in a guest on rusticated: rusticated's TeaVM plug-in makes
 * TeaVM's default file system return this provider, whose calls are operations on the host's real
 * file system (TeaVM's own provider serves an in-memory one). Paths stay TeaVM's; their text goes
 * to the host as it is, so a relative path resolves against the host's working directory, as on
 * the JVM. Only what TeaVM's java.nio.file can reach is served (its Files has no byte channels,
 * links or attribute views); {@code java.nio.channels.AsynchronousFileChannel} is rusticated's own.
 */
public final class HostFileSystemProvider extends FileSystemProvider {
    private static final HostFileSystemProvider INSTANCE = new HostFileSystemProvider();

    private HostFileSystemProvider() {
    }

    public static FileSystemProvider instance() {
        return INSTANCE;
    }

    @Override
    public String getScheme() {
        return "file";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("WASM: FileSystemProvider.newFileSystem: the guest has only the host's file system");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        return FileSystems.getDefault();
    }

    @Override
    public Path getPath(URI uri) {
        if (!"file".equals(uri.getScheme()) || uri.getPath() == null || uri.getPath().isEmpty()) {
            throw new IllegalArgumentException("URI is not a file: URI with a path: " + uri);
        }
        return FileSystems.getDefault().getPath(uri.getPath());
    }

    @Override
    public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
        for (OpenOption o : options) {
            if (o == StandardOpenOption.APPEND || o == StandardOpenOption.WRITE) {
                throw new UnsupportedOperationException("'" + o + "' not allowed");
            }
        }
        return new HostFileInputStream(File.open(path.toString(), new OpenOptions().read(true)));
    }

    @Override
    public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
        OpenOptions o = new OpenOptions().write(true);
        if (options.length == 0) {
            o.create(true).truncate(true);
        }
        for (OpenOption option : options) {
            if (option == StandardOpenOption.READ) {
                throw new IllegalArgumentException("READ not allowed");
            } else if (option == StandardOpenOption.APPEND) {
                o.append(true);
            } else if (option == StandardOpenOption.TRUNCATE_EXISTING) {
                o.truncate(true);
            } else if (option == StandardOpenOption.CREATE) {
                o.create(true);
            } else if (option == StandardOpenOption.CREATE_NEW) {
                o.createNew(true);
            } else if (option != StandardOpenOption.WRITE) {
                throw new UnsupportedOperationException("WASM: open option " + option + " is not served by the host ABI");
            }
        }
        return new HostFileOutputStream(File.open(path.toString(), o));
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        return new HostDirectoryStream(dir, Fs.readDir(dir.toString()), filter);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        if (attrs.length > 0) {
            throw new UnsupportedOperationException("WASM: createDirectory with attributes");
        }
        Fs.createDir(dir.toString(), 0777);
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        if (attrs.length > 0) {
            throw new UnsupportedOperationException("WASM: createSymbolicLink with attributes");
        }
        Fs.symlink(target.toString(), link.toString());
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        Fs.hardLink(existing.toString(), link.toString());
    }

    /** As the JDK: lstat, then rmdir for a directory, unlink otherwise. */
    @Override
    public void delete(Path path) throws IOException {
        String p = path.toString();
        if (Fs.symlinkMetadata(p).isDirectory()) {
            Fs.removeDir(p);
        } else {
            Fs.removeFile(p);
        }
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        try {
            delete(path);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** A regular file's bytes (or a new empty directory) through READ/WRITE loops; options as the JDK's. */
    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        boolean replace = false;
        boolean noFollow = false;
        for (CopyOption o : options) {
            if (o == StandardCopyOption.REPLACE_EXISTING) {
                replace = true;
            } else if (o == LinkOption.NOFOLLOW_LINKS) {
                noFollow = true;
            } else {
                throw new UnsupportedOperationException("WASM: copy option " + o + " is not served by the host ABI");
            }
        }
        String from = source.toString();
        String to = target.toString();
        Metadata src = noFollow ? Fs.symlinkMetadata(from) : Fs.metadata(from);
        if (isSameFile(source, target)) {
            return;
        }
        if (exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!replace) {
                throw new FileAlreadyExistsException(to);
            }
            delete(target);
        }
        if (src.isDirectory()) {
            Fs.createDir(to, src.permissions());
            return;
        }
        if (!src.isFile()) {
            throw new UnsupportedOperationException("WASM: copy of a symbolic link, device, FIFO or socket");
        }
        try (File in = File.open(from, new OpenOptions().read(true));
             File out = File.open(to, new OpenOptions().write(true).createNew(true).mode(src.permissions()))) {
            byte[] buf = new byte[File.CHUNK];
            int n;
            while ((n = in.read(buf, 0, buf.length)) > 0) {
                out.writeAll(buf, 0, n);
            }
        }
    }

    /** One RENAME; without REPLACE_EXISTING an existing target fails, as the JDK's move. */
    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        boolean replace = false;
        for (CopyOption o : options) {
            if (o == StandardCopyOption.REPLACE_EXISTING) {
                replace = true;
            } else if (o != StandardCopyOption.ATOMIC_MOVE && o != LinkOption.NOFOLLOW_LINKS) {
                throw new UnsupportedOperationException("WASM: move option " + o + " is not served by the host ABI");
            }
        }
        Fs.rename(source.toString(), target.toString(), !replace);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        if (path.equals(path2)) {
            return true;
        }
        Metadata a = Fs.metadata(path.toString());
        Metadata b;
        try {
            b = Fs.metadata(path2.toString());
        } catch (NoSuchFileException e) {
            return false;
        }
        return a.inode() != 0 && a.inode() == b.inode();
    }

    @Override
    public boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        int mode = 0;
        for (AccessMode m : modes) {
            switch (m) {
                case READ -> mode |= Host.ACCESS_READ;
                case WRITE -> mode |= Host.ACCESS_WRITE;
                case EXECUTE -> mode |= Host.ACCESS_EXECUTE;
            }
        }
        Fs.checkAccess(path.toString(), mode);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options) throws IOException {
        if (type != BasicFileAttributes.class) {
            throw new UnsupportedOperationException("WASM: attributes " + type.getName() + " (the target serves BasicFileAttributes)");
        }
        return (A) new HostAttributes(followLinks(options) ? Fs.metadata(path.toString()) : Fs.symlinkMetadata(path.toString()));
    }

    @Override
    public boolean exists(Path path, LinkOption... options) {
        try {
            readAttributes(path, BasicFileAttributes.class, options);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributesIfExists(Path path, Class<A> type, LinkOption... options) throws IOException {
        try {
            return readAttributes(path, type, options);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    // What java.nio.file on TeaVM cannot reach (its Files has no such calls) but the JDK's
    // FileSystemProvider declares abstract.

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) {
        throw new UnsupportedOperationException("WASM: newByteChannel (TeaVM's java.nio has no byte channels)");
    }

    @Override
    public FileStore getFileStore(Path path) {
        throw new UnsupportedOperationException("WASM: getFileStore");
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        throw new UnsupportedOperationException("WASM: getFileAttributeView");
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) {
        throw new UnsupportedOperationException("WASM: readAttributes by name");
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
        throw new UnsupportedOperationException("WASM: setAttribute");
    }

    private static boolean followLinks(LinkOption... options) {
        for (LinkOption o : options) {
            if (o == LinkOption.NOFOLLOW_LINKS) {
                return false;
            }
        }
        return true;
    }
}
