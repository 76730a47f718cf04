package io.rusticated.unix;

import io.rusticated.fs.FileType;
import io.rusticated.spi.Request;

/**
 * The file-type bits of a mode, the type of a directory entry and access(2)'s modes: values every
 * Unix rusticated runs on shares (the historical ones, kept by glibc on x86_64 and aarch64 and by
 * the macOS SDK on both CPUs), so each is written once here and each OS's layout probe checks it
 * against that OS's headers ({@code LayoutProbeTest}, {@code MacLayoutProbeTest}).
 */
public final class FileModes {
    private FileModes() {
    }

    // <sys/stat.h>: the file type bits of st_mode / stx_mode
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    // <dirent.h>: d_type
    public static final int DT_UNKNOWN = 0;
    public static final int DT_FIFO = 1;
    public static final int DT_CHR = 2;
    public static final int DT_DIR = 4;
    public static final int DT_BLK = 6;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;
    public static final int DT_SOCK = 12;

    // <unistd.h>: access(2) modes
    public static final int F_OK = 0;
    public static final int X_OK = 1;
    public static final int W_OK = 2;
    public static final int R_OK = 4;

    /** The file type of a {@code st_mode}. */
    public static FileType fileType(int mode) {
        return switch (mode & S_IFMT) {
            case S_IFREG -> FileType.REGULAR;
            case S_IFDIR -> FileType.DIRECTORY;
            case S_IFLNK -> FileType.SYMLINK;
            case S_IFIFO -> FileType.FIFO;
            case S_IFSOCK -> FileType.SOCKET;
            case S_IFCHR -> FileType.CHAR_DEVICE;
            case S_IFBLK -> FileType.BLOCK_DEVICE;
            default -> FileType.UNKNOWN;
        };
    }

    /** The file type of a directory entry's {@code d_type} ({@code DT_UNKNOWN} where the file system does not say). */
    public static FileType direntType(int dtype) {
        return switch (dtype) {
            case DT_REG -> FileType.REGULAR;
            case DT_DIR -> FileType.DIRECTORY;
            case DT_LNK -> FileType.SYMLINK;
            case DT_FIFO -> FileType.FIFO;
            case DT_SOCK -> FileType.SOCKET;
            case DT_CHR -> FileType.CHAR_DEVICE;
            case DT_BLK -> FileType.BLOCK_DEVICE;
            default -> FileType.UNKNOWN;
        };
    }

    /**
     * Whether epoll or kqueue can watch a descriptor of this mode: pipes, sockets, character
     * devices, and Linux's anonymous inodes (eventfd, pidfd..., type 0); not regular files,
     * directories, block devices or links.
     */
    public static boolean isPollable(int mode) {
        int type = mode & S_IFMT;
        return type != S_IFREG && type != S_IFDIR && type != S_IFBLK && type != S_IFLNK;
    }

    /** An operation's access bits ({@link Request#ACCESS_READ} ...) as access(2)'s mode: R_OK, W_OK, X_OK, or F_OK for none. */
    public static int accessMode(int access) {
        int mode = F_OK;
        if ((access & Request.ACCESS_READ) != 0) {
            mode |= R_OK;
        }
        if ((access & Request.ACCESS_WRITE) != 0) {
            mode |= W_OK;
        }
        if ((access & Request.ACCESS_EXECUTE) != 0) {
            mode |= X_OK;
        }
        return mode;
    }
}
