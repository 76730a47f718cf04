package io.rusticated.windows;

import io.rusticated.path.NativePath;
import io.rusticated.spi.BlockingWork;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.Request;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.rusticated.windows.WindowsAbi.*;
import static io.rusticated.windows.WindowsErrors.*;

/**
 * Every file operation Windows cannot do overlapped, as one blocking call (or a few) on the blocking
 * pool, following what the JDK's Windows file system provider does for the same call: files are
 * opened sharing read, write and delete (the JDK's default, so a file can be renamed or deleted
 * while open) and with FILE_FLAG_OVERLAPPED; directories are opened with backup semantics for
 * listing; metadata is read through a handle opened for attributes only.
 */
final class WindowsFileOps implements BlockingWork {
    private static final int SHARE_ALL = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;

    private final DriverContext ctx;

    WindowsFileOps(DriverContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public long run(Request op) {
        return switch (op.opcode()) {
            case NOP -> 0;
            case OPEN -> open(op);
            case CLOSE -> -WindowsHandles.close(op.handle());
            case STAT -> stat(op, ctx.scratch(op));
            case FSYNC -> ok(Kernel32.FlushFileBuffers(op.handle()));
            case TRUNCATE -> truncate(op);
            case MKDIR -> mkdir(op);
            case UNLINK -> unlink(op);
            case RENAME -> ok(Kernel32.MoveFileExW(path(op), path2(op), (op.flags() & Request.NO_REPLACE) != 0 ? 0 : MOVEFILE_REPLACE_EXISTING));
            case SYMLINK -> symlink(op);
            case LINK -> ok(Kernel32.CreateHardLinkW(path2(op), path(op), 0));
            case ACCESS -> access(op);
            case READ_DIR -> readDirectory(op, ctx.scratch(op));
            case READ, WRITE, POLL, WAIT_CHILD, SLEEP, ACCEPT, CONNECT, SEND, RECV, SEND_TO, RECV_FROM -> -ERROR_INVALID_PARAMETER; // never sent here
        };
    }

    /** 0 for a BOOL that is TRUE, else the negated last error. */
    private static long ok(int bool) {
        return bool != 0 ? 0 : -Win32Linker.lastError();
    }

    private static long path(Request op) {
        return Win32Path.of(op.path()).utf16z().address();
    }

    private static long path2(Request op) {
        return Win32Path.of(op.path2()).utf16z().address();
    }

    // ---- open ----

    /** CreateFileW's access, disposition and flags for an OPEN, as the JDK's WindowsChannelFactory chooses them. */
    record CreateFile(int access, int disposition, int flags) {
    }

    static CreateFile createFileFor(int openFlags) {
        boolean read = (openFlags & Request.OPEN_READ) != 0;
        boolean write = (openFlags & Request.OPEN_WRITE) != 0;
        boolean append = (openFlags & Request.OPEN_APPEND) != 0;
        boolean truncate = (openFlags & Request.OPEN_TRUNCATE) != 0;
        boolean createNew = (openFlags & Request.OPEN_CREATE_NEW) != 0;
        boolean create = (openFlags & Request.OPEN_CREATE) != 0;
        int access = read || !(write || append) ? GENERIC_READ : 0;
        if (append && !truncate) {
            // Without FILE_WRITE_DATA every write goes to the end ("write operations will not overwrite existing data").
            access |= FILE_GENERIC_WRITE & ~FILE_WRITE_DATA;
        } else if (write || append) {
            access |= GENERIC_WRITE;
        }
        int disposition = createNew ? CREATE_NEW
                : create && truncate ? CREATE_ALWAYS
                : create ? OPEN_ALWAYS
                : truncate ? TRUNCATE_EXISTING
                : OPEN_EXISTING;
        int flags = FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED;
        if ((openFlags & Request.OPEN_DIRECT) != 0) {
            flags |= FILE_FLAG_NO_BUFFERING;
        }
        if (createNew) {
            flags |= FILE_FLAG_OPEN_REPARSE_POINT; // a link in the way is not followed: it exists
        }
        return new CreateFile(access, disposition, flags);
    }

    private static long open(Request op) {
        if ((op.flags() & Request.DIRECTORY) != 0) {
            return openDirectory(op);
        }
        CreateFile c = createFileFor(op.openFlags());
        long h = Kernel32.CreateFileW(path(op), c.access(), SHARE_ALL, 0, c.disposition(), c.flags(), 0);
        return h == INVALID_HANDLE_VALUE ? -Win32Linker.lastError() : h;
    }

    /** A directory to list: synchronous (listing is pool work anyway), backup semantics (needed to open one at all). */
    private static long openDirectory(Request op) {
        long h = Kernel32.CreateFileW(path(op), FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES | SYNCHRONIZE, SHARE_ALL, 0,
                OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, 0);
        if (h == INVALID_HANDLE_VALUE) {
            return -Win32Linker.lastError();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(BY_HANDLE_FILE_INFORMATION);
            if (Kernel32.GetFileInformationByHandle(h, info.address()) != 0
                    && (info.get(ValueLayout.JAVA_INT, BHFI_ATTRIBUTES) & FILE_ATTRIBUTE_DIRECTORY) != 0) {
                return h;
            }
        }
        Kernel32.CloseHandle(h);
        return -ERROR_DIRECTORY;
    }

    // ---- metadata ----

    private static long stat(Request op, MemorySegment scratch) {
        if (op.path() == null) {
            return statHandle(op.handle(), scratch);
        }
        int flags = FILE_FLAG_BACKUP_SEMANTICS | ((op.flags() & Request.NO_FOLLOW) != 0 ? FILE_FLAG_OPEN_REPARSE_POINT : 0);
        long h = Kernel32.CreateFileW(path(op), FILE_READ_ATTRIBUTES, SHARE_ALL, 0, OPEN_EXISTING, flags, 0);
        if (h == INVALID_HANDLE_VALUE) {
            int error = Win32Linker.lastError();
            // A file opened elsewhere without sharing (pagefile.sys): the directory still describes it, as the JDK falls back to.
            return error == ERROR_SHARING_VIOLATION ? statByFind(op, scratch) : -error;
        }
        try {
            return statHandle(h, scratch);
        } finally {
            Kernel32.CloseHandle(h);
        }
    }

    private static long statHandle(long h, MemorySegment scratch) {
        scratch.fill((byte) 0);
        if (Kernel32.GetFileInformationByHandle(h, scratch.address()) == 0) {
            return -Win32Linker.lastError();
        }
        if ((scratch.get(ValueLayout.JAVA_INT, BHFI_ATTRIBUTES) & FILE_ATTRIBUTE_REPARSE_POINT) != 0) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment tag = arena.allocate(FILE_ATTRIBUTE_TAG_INFO);
                if (Kernel32.GetFileInformationByHandleEx(h, FileAttributeTagInfo, tag.address(), (int) tag.byteSize()) == 0) {
                    return -Win32Linker.lastError();
                }
                scratch.set(ValueLayout.JAVA_INT, FileInfo.STAT_REPARSE_TAG, tag.get(ValueLayout.JAVA_INT, TAG_INFO_REPARSE_TAG));
            }
        }
        return 0;
    }

    private static long statByFind(Request op, MemorySegment scratch) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment find = arena.allocate(WIN32_FIND_DATAW);
            long h = Kernel32.FindFirstFileW(path(op), find.address());
            if (h == INVALID_HANDLE_VALUE) {
                return -Win32Linker.lastError();
            }
            Kernel32.FindClose(h);
            FileInfo.statFromFindData(find, scratch);
            return 0;
        }
    }

    private static long truncate(Request op) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment eof = arena.allocate(FILE_END_OF_FILE_INFO);
            eof.set(ValueLayout.JAVA_LONG, 0, op.length());
            return ok(Kernel32.SetFileInformationByHandle(op.handle(), FileEndOfFileInfo, eof.address(), (int) eof.byteSize()));
        }
    }

    // ---- directories and links ----

    private static long mkdir(Request op) {
        if (Kernel32.CreateDirectoryW(path(op), 0) != 0) {
            return 0;
        }
        int error = Win32Linker.lastError();
        // The JDK's createDirectory: access denied on a path that exists is "already exists".
        return error == ERROR_ACCESS_DENIED && exists(op) ? -ERROR_ALREADY_EXISTS : -error;
    }

    private static boolean exists(Request op) {
        long h = Kernel32.CreateFileW(path(op), FILE_READ_ATTRIBUTES, SHARE_ALL, 0, OPEN_EXISTING,
                FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, 0);
        if (h == INVALID_HANDLE_VALUE) {
            return false;
        }
        Kernel32.CloseHandle(h);
        return true;
    }

    /**
     * RemoveDirectoryW for a directory; DeleteFileW for anything else, except that a link to a
     * directory (a directory symbolic link or a junction) can only be removed with
     * RemoveDirectoryW, as the JDK's implDelete does.
     */
    private static long unlink(Request op) {
        if ((op.flags() & Request.DIRECTORY) != 0) {
            return ok(Kernel32.RemoveDirectoryW(path(op)));
        }
        if (Kernel32.DeleteFileW(path(op)) != 0) {
            return 0;
        }
        int error = Win32Linker.lastError();
        if (error == ERROR_ACCESS_DENIED && isDirectoryLink(op)) {
            return ok(Kernel32.RemoveDirectoryW(path(op)));
        }
        return -error;
    }

    private static boolean isDirectoryLink(Request op) {
        long h = Kernel32.CreateFileW(path(op), FILE_READ_ATTRIBUTES, SHARE_ALL, 0, OPEN_EXISTING,
                FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, 0);
        if (h == INVALID_HANDLE_VALUE) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(BY_HANDLE_FILE_INFORMATION);
            int wanted = FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT;
            return Kernel32.GetFileInformationByHandle(h, info.address()) != 0
                    && (info.get(ValueLayout.JAVA_INT, BHFI_ATTRIBUTES) & wanted) == wanted;
        } finally {
            Kernel32.CloseHandle(h);
        }
    }

    /**
     * CreateSymbolicLinkW with SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE (Developer Mode,
     * Windows 10 1703+): builds that do not know the flag reject it with ERROR_INVALID_PARAMETER and
     * are asked again without it (libuv does the same). Without the privilege or Developer Mode:
     * ERROR_PRIVILEGE_NOT_HELD.
     */
    private static long symlink(Request op) {
        long link = path2(op);
        String targetText = Win32Path.linkTarget(op.path().toString());
        long target = NativePath.of(targetText).utf16z().address();
        boolean directory = (op.flags() & Request.TARGET_IS_DIRECTORY) != 0 || isDirectory(resolvedTarget(op.path2().toString(), targetText));
        int flags = directory ? SYMBOLIC_LINK_FLAG_DIRECTORY : 0;
        if (Kernel32.CreateSymbolicLinkW(link, target, flags | SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE) != 0) {
            return 0;
        }
        int error = Win32Linker.lastError();
        if (error != ERROR_INVALID_PARAMETER) {
            return -error;
        }
        return Kernel32.CreateSymbolicLinkW(link, target, flags) != 0 ? 0 : -Win32Linker.lastError();
    }

    /** The link's target as seen from the link's directory (a relative target is relative to it, not to the current directory). */
    static String resolvedTarget(String link, String target) {
        if (Win32Path.isAbsolute(target)) {
            return target;
        }
        String l = link.replace('/', '\\');
        int slash = l.lastIndexOf('\\');
        return slash < 0 ? target : l.substring(0, slash + 1) + target;
    }

    /**
     * Whether a path names a directory (links followed); false when it cannot be read. The JDK's
     * createSymbolicLink asks the same to decide on SYMBOLIC_LINK_FLAG_DIRECTORY ("unable to access
     * target so assume target is not a directory").
     */
    private static boolean isDirectory(String path) {
        long h = Kernel32.CreateFileW(Win32Path.of(NativePath.of(path)).utf16z().address(), FILE_READ_ATTRIBUTES, SHARE_ALL, 0,
                OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, 0);
        if (h == INVALID_HANDLE_VALUE) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(BY_HANDLE_FILE_INFORMATION);
            return Kernel32.GetFileInformationByHandle(h, info.address()) != 0
                    && (info.get(ValueLayout.JAVA_INT, BHFI_ATTRIBUTES) & FILE_ATTRIBUTE_DIRECTORY) != 0;
        } finally {
            Kernel32.CloseHandle(h);
        }
    }

    /**
     * Whether this process may read, write or execute the file, as Windows decides on opening it
     * with those rights (its security descriptor, and the read-only attribute for writing); with
     * none asked, whether it exists. A sharing violation means the rights were granted but another
     * open is in the way: access is there. (The JDK asks AccessCheck on the security descriptor
     * instead, which leaves the read-only attribute to a separate test; both agree on files.)
     */
    private static long access(Request op) {
        int access = FILE_READ_ATTRIBUTES;
        if ((op.flags() & Request.ACCESS_READ) != 0) {
            access |= GENERIC_READ;
        }
        if ((op.flags() & Request.ACCESS_WRITE) != 0) {
            access |= FILE_GENERIC_WRITE;
        }
        if ((op.flags() & Request.ACCESS_EXECUTE) != 0) {
            access |= FILE_EXECUTE;
        }
        long h = Kernel32.CreateFileW(path(op), access, SHARE_ALL, 0, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, 0);
        if (h == INVALID_HANDLE_VALUE) {
            int error = Win32Linker.lastError();
            return error == ERROR_SHARING_VIOLATION ? 0 : -error;
        }
        Kernel32.CloseHandle(h);
        return 0;
    }

    /** A batch of entries into the scratch memory: 1 when it holds one besides {@code .} and {@code ..}, 0 at the end. */
    private static long readDirectory(Request op, MemorySegment batch) {
        for (;;) {
            if (Kernel32.GetFileInformationByHandleEx(op.handle(), FileIdBothDirectoryInfo, batch.address(), (int) batch.byteSize()) == 0) {
                int error = Win32Linker.lastError();
                return error == ERROR_NO_MORE_FILES ? 0 : -error;
            }
            if (FileInfo.hasRealEntry(batch)) {
                return 1;
            }
        }
    }
}
