package io.rusticated.windows;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_CHAR;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The Win32 and NT constants and structs rusticated uses on Windows x64, in jextract's shape: each
 * public constant is named after its C macro or enumerator, each public {@link StructLayout} after
 * its C typedef, with the C member names. Handles and pointers are {@code JAVA_LONG} (x64 LLP64:
 * both are 8 bytes and travel in integer registers). {@code LayoutProbeTest} checks every public
 * value here (sizes, member offsets and sizes, alignments, constants) against mingw-w64's headers.
 *
 * <p>The member offsets below them (package-private, UPPER_CASE) are derived from the layouts, so
 * they cannot drift from what the probe checked.
 */
public final class WindowsAbi {
    private WindowsAbi() {
    }

    // ---- <handleapi.h>, <processenv.h>, <winbase.h>: handles ----
    public static final long INVALID_HANDLE_VALUE = -1L;
    public static final int STD_INPUT_HANDLE = -10;
    public static final int STD_OUTPUT_HANDLE = -11;
    public static final int STD_ERROR_HANDLE = -12;
    public static final int DUPLICATE_SAME_ACCESS = 0x2;
    public static final int MAX_PATH = 260;

    // ---- <winnt.h>: access rights ----
    public static final int GENERIC_READ = 0x80000000;
    public static final int GENERIC_WRITE = 0x40000000;
    public static final int DELETE = 0x00010000;
    public static final int SYNCHRONIZE = 0x00100000;
    public static final int FILE_READ_DATA = 0x1;
    public static final int FILE_LIST_DIRECTORY = 0x1;
    public static final int FILE_WRITE_DATA = 0x2;
    public static final int FILE_APPEND_DATA = 0x4;
    public static final int FILE_EXECUTE = 0x20;
    public static final int FILE_READ_ATTRIBUTES = 0x80;
    public static final int FILE_WRITE_ATTRIBUTES = 0x100;
    public static final int FILE_GENERIC_READ = 0x120089;
    public static final int FILE_GENERIC_WRITE = 0x120116;
    public static final int THREAD_TERMINATE = 0x1;

    // ---- <winnt.h>: sharing, attributes, flags ----
    public static final int FILE_SHARE_READ = 0x1;
    public static final int FILE_SHARE_WRITE = 0x2;
    public static final int FILE_SHARE_DELETE = 0x4;
    public static final int FILE_ATTRIBUTE_READONLY = 0x1;
    public static final int FILE_ATTRIBUTE_DIRECTORY = 0x10;
    public static final int FILE_ATTRIBUTE_DEVICE = 0x40;
    public static final int FILE_ATTRIBUTE_NORMAL = 0x80;
    public static final int FILE_ATTRIBUTE_REPARSE_POINT = 0x400;
    public static final int IO_REPARSE_TAG_SYMLINK = 0xA000000C;
    public static final int IO_REPARSE_TAG_MOUNT_POINT = 0xA0000003;

    // ---- <fileapi.h>, <winbase.h>: CreateFileW ----
    public static final int CREATE_NEW = 1;
    public static final int CREATE_ALWAYS = 2;
    public static final int OPEN_EXISTING = 3;
    public static final int OPEN_ALWAYS = 4;
    public static final int TRUNCATE_EXISTING = 5;
    public static final int FILE_FLAG_WRITE_THROUGH = 0x80000000;
    public static final int FILE_FLAG_OVERLAPPED = 0x40000000;
    public static final int FILE_FLAG_NO_BUFFERING = 0x20000000;
    public static final int FILE_FLAG_BACKUP_SEMANTICS = 0x02000000;
    public static final int FILE_FLAG_OPEN_REPARSE_POINT = 0x00200000;
    public static final int FILE_FLAG_FIRST_PIPE_INSTANCE = 0x00080000;
    public static final int FILE_TYPE_UNKNOWN = 0;
    public static final int FILE_TYPE_DISK = 1;
    public static final int FILE_TYPE_CHAR = 2;
    public static final int FILE_TYPE_PIPE = 3;
    public static final int MOVEFILE_REPLACE_EXISTING = 0x1;
    public static final int SYMBOLIC_LINK_FLAG_DIRECTORY = 0x1;
    public static final int SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE = 0x2;

    // ---- <minwinbase.h>: FILE_INFO_BY_HANDLE_CLASS ----
    public static final int FileEndOfFileInfo = 6;
    public static final int FileAttributeTagInfo = 9;
    public static final int FileIdBothDirectoryInfo = 10;

    // ---- <winternl.h>, <winnt.h>: NtQueryInformationFile(FileModeInformation) ----
    public static final int FileModeInformation = 16;
    public static final int FILE_SYNCHRONOUS_IO_ALERT = 0x10;
    public static final int FILE_SYNCHRONOUS_IO_NONALERT = 0x20;

    // ---- <winbase.h>, <synchapi.h>: completion ports and waits ----
    public static final int FILE_SKIP_SET_EVENT_ON_HANDLE = 0x2;
    public static final int INFINITE = 0xFFFFFFFF;
    public static final int WAIT_OBJECT_0 = 0;
    public static final int WAIT_TIMEOUT = 258;
    public static final int WT_EXECUTEINWAITTHREAD = 0x4;
    public static final int WT_EXECUTEONLYONCE = 0x8;

    // ---- <ntstatus.h>: the NTSTATUS values the driver writes or tells apart ----
    public static final int STATUS_SUCCESS = 0;
    public static final int STATUS_PENDING = 0x103;
    public static final int STATUS_END_OF_FILE = 0xC0000011;
    public static final int STATUS_CANCELLED = 0xC0000120;
    public static final int STATUS_PIPE_BROKEN = 0xC000014B;
    /** The statuses of failed socket calls the stand-in and the wine probe produce (the driver asks WSAGetOverlappedResult instead). */
    public static final int STATUS_BUFFER_OVERFLOW = 0x80000005;
    public static final int STATUS_CONNECTION_REFUSED = 0xC0000236;
    public static final int STATUS_CONNECTION_RESET = 0xC000020D;
    public static final int STATUS_PORT_UNREACHABLE = 0xC000023F;

    // ---- <winbase.h>: named pipes ----
    public static final int PIPE_ACCESS_INBOUND = 0x1;
    public static final int PIPE_ACCESS_OUTBOUND = 0x2;
    public static final int PIPE_TYPE_BYTE = 0;
    public static final int PIPE_READMODE_BYTE = 0;
    public static final int PIPE_WAIT = 0;
    public static final int PIPE_REJECT_REMOTE_CLIENTS = 0x8;

    // ---- <winbase.h>, <processthreadsapi.h>: processes ----
    public static final int CREATE_NEW_PROCESS_GROUP = 0x200;
    public static final int CREATE_UNICODE_ENVIRONMENT = 0x400;
    public static final int EXTENDED_STARTUPINFO_PRESENT = 0x80000;
    public static final int STARTF_USESTDHANDLES = 0x100;
    public static final int PROC_THREAD_ATTRIBUTE_HANDLE_LIST = 0x20002;
    public static final int STILL_ACTIVE = 259;
    public static final int CTRL_BREAK_EVENT = 1;

    // ---- <wincon.h>, <consoleapi.h>: console modes ----
    public static final int ENABLE_PROCESSED_INPUT = 0x1;
    public static final int ENABLE_LINE_INPUT = 0x2;
    public static final int ENABLE_ECHO_INPUT = 0x4;
    public static final int ENABLE_VIRTUAL_TERMINAL_INPUT = 0x200;
    public static final int ENABLE_PROCESSED_OUTPUT = 0x1;
    public static final int ENABLE_VIRTUAL_TERMINAL_PROCESSING = 0x4;
    public static final int DISABLE_NEWLINE_AUTO_RETURN = 0x8;

    // ---- <winbase.h>: FormatMessageW ----
    public static final int FORMAT_MESSAGE_IGNORE_INSERTS = 0x200;
    public static final int FORMAT_MESSAGE_FROM_SYSTEM = 0x1000;

    // ---- <winsock2.h>, <ws2def.h>, <ws2ipdef.h>, <mswsock.h>, <afunix.h>: sockets ----
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 23;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_IPV6 = 41;
    public static final int SOL_SOCKET = 0xFFFF;
    public static final int SO_REUSEADDR = 0x4;
    public static final int SO_KEEPALIVE = 0x8;
    public static final int SO_BROADCAST = 0x20;
    public static final int SO_LINGER = 0x80;
    public static final int SO_SNDBUF = 0x1001;
    public static final int SO_RCVBUF = 0x1002;
    /** {@code ((int) (~SO_REUSEADDR))}. */
    public static final int SO_EXCLUSIVEADDRUSE = -5;
    public static final int SO_UPDATE_ACCEPT_CONTEXT = 0x700B;
    public static final int SO_UPDATE_CONNECT_CONTEXT = 0x7010;
    public static final int TCP_NODELAY = 1;
    public static final int IP_TOS = 3;
    public static final int IPV6_V6ONLY = 27;
    public static final int SD_RECEIVE = 0;
    public static final int SD_SEND = 1;
    public static final int SD_BOTH = 2;
    public static final int WSA_FLAG_OVERLAPPED = 0x1;
    public static final int WSA_FLAG_NO_HANDLE_INHERIT = 0x80;
    public static final int SIO_GET_EXTENSION_FUNCTION_POINTER = 0xC8000006;
    /** {@code _WSAIOW(IOC_VENDOR, 12)}: whether a UDP socket reports an ICMP port unreachable as WSAECONNRESET. */
    public static final int SIO_UDP_CONNRESET = 0x9800000C;
    public static final long INVALID_SOCKET = -1L;
    public static final int UNIX_PATH_MAX = 108;

    /** A {@code GUID} ({@code Data4} as its 8 bytes, the first the most significant), for the macros below. */
    public record Guid(int data1, short data2, short data3, long data4) {
        /** Writes it as {@code GUID} lays it out (x64, little-endian). */
        public void writeTo(java.lang.foreign.MemorySegment to) {
            to.set(JAVA_INT, GUID_DATA1, data1);
            to.set(JAVA_SHORT, GUID_DATA2, data2);
            to.set(JAVA_SHORT, GUID_DATA3, data3);
            for (int i = 0; i < 8; i++) {
                to.set(JAVA_BYTE, GUID_DATA4 + i, (byte) (data4 >>> (56 - 8 * i)));
            }
        }
    }

    /** The extension functions' identifiers ({@code WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)}). */
    public static final Guid WSAID_ACCEPTEX = new Guid(0xb5367df1, (short) 0xcbac, (short) 0x11cf, 0x95ca00805f48a192L);
    public static final Guid WSAID_CONNECTEX = new Guid(0x25a207b9, (short) 0xddf3, (short) 0x4660, 0x8ee9_76e5_8c74_063eL);

    // ---- structs ----

    /** {@code OVERLAPPED}: the union's {@code Offset}/{@code OffsetHigh} form (its {@code Pointer} is never used). */
    public static final StructLayout OVERLAPPED = MemoryLayout.structLayout(
            JAVA_LONG.withName("Internal"),
            JAVA_LONG.withName("InternalHigh"),
            JAVA_INT.withName("Offset"),
            JAVA_INT.withName("OffsetHigh"),
            JAVA_LONG.withName("hEvent")).withName("OVERLAPPED");

    public static final StructLayout OVERLAPPED_ENTRY = MemoryLayout.structLayout(
            JAVA_LONG.withName("lpCompletionKey"),
            JAVA_LONG.withName("lpOverlapped"),
            JAVA_LONG.withName("Internal"),
            JAVA_INT.withName("dwNumberOfBytesTransferred"),
            MemoryLayout.paddingLayout(4)).withName("OVERLAPPED_ENTRY");

    public static final StructLayout FILETIME = MemoryLayout.structLayout(
            JAVA_INT.withName("dwLowDateTime"),
            JAVA_INT.withName("dwHighDateTime")).withName("FILETIME");

    public static final StructLayout BY_HANDLE_FILE_INFORMATION = MemoryLayout.structLayout(
            JAVA_INT.withName("dwFileAttributes"),
            FILETIME.withName("ftCreationTime"),
            FILETIME.withName("ftLastAccessTime"),
            FILETIME.withName("ftLastWriteTime"),
            JAVA_INT.withName("dwVolumeSerialNumber"),
            JAVA_INT.withName("nFileSizeHigh"),
            JAVA_INT.withName("nFileSizeLow"),
            JAVA_INT.withName("nNumberOfLinks"),
            JAVA_INT.withName("nFileIndexHigh"),
            JAVA_INT.withName("nFileIndexLow")).withName("BY_HANDLE_FILE_INFORMATION");

    public static final StructLayout FILE_ATTRIBUTE_TAG_INFO = MemoryLayout.structLayout(
            JAVA_INT.withName("FileAttributes"),
            JAVA_INT.withName("ReparseTag")).withName("FILE_ATTRIBUTE_TAG_INFO");

    public static final StructLayout FILE_END_OF_FILE_INFO = MemoryLayout.structLayout(
            JAVA_LONG.withName("EndOfFile")).withName("FILE_END_OF_FILE_INFO");

    /** One entry of a directory batch; {@code FileName} is the first of {@code FileNameLength / 2} UTF-16 units. */
    public static final StructLayout FILE_ID_BOTH_DIR_INFO = MemoryLayout.structLayout(
            JAVA_INT.withName("NextEntryOffset"),
            JAVA_INT.withName("FileIndex"),
            JAVA_LONG.withName("CreationTime"),
            JAVA_LONG.withName("LastAccessTime"),
            JAVA_LONG.withName("LastWriteTime"),
            JAVA_LONG.withName("ChangeTime"),
            JAVA_LONG.withName("EndOfFile"),
            JAVA_LONG.withName("AllocationSize"),
            JAVA_INT.withName("FileAttributes"),
            JAVA_INT.withName("FileNameLength"),
            JAVA_INT.withName("EaSize"),
            JAVA_BYTE.withName("ShortNameLength"),
            MemoryLayout.paddingLayout(1),
            MemoryLayout.sequenceLayout(12, JAVA_CHAR).withName("ShortName"),
            MemoryLayout.paddingLayout(2),
            JAVA_LONG.withName("FileId"),
            MemoryLayout.sequenceLayout(1, JAVA_CHAR).withName("FileName"),
            MemoryLayout.paddingLayout(6)).withName("FILE_ID_BOTH_DIR_INFO");

    /** FindFirstFileW's answer, for the stat of a file opened elsewhere without sharing (pagefile.sys). */
    public static final StructLayout WIN32_FIND_DATAW = MemoryLayout.structLayout(
            JAVA_INT.withName("dwFileAttributes"),
            FILETIME.withName("ftCreationTime"),
            FILETIME.withName("ftLastAccessTime"),
            FILETIME.withName("ftLastWriteTime"),
            JAVA_INT.withName("nFileSizeHigh"),
            JAVA_INT.withName("nFileSizeLow"),
            JAVA_INT.withName("dwReserved0"),
            JAVA_INT.withName("dwReserved1"),
            MemoryLayout.sequenceLayout(MAX_PATH, JAVA_CHAR).withName("cFileName"),
            MemoryLayout.sequenceLayout(14, JAVA_CHAR).withName("cAlternateFileName")).withName("WIN32_FIND_DATAW");

    public static final StructLayout SECURITY_ATTRIBUTES = MemoryLayout.structLayout(
            JAVA_INT.withName("nLength"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("lpSecurityDescriptor"),
            JAVA_INT.withName("bInheritHandle"),
            MemoryLayout.paddingLayout(4)).withName("SECURITY_ATTRIBUTES");

    public static final StructLayout STARTUPINFOW = MemoryLayout.structLayout(
            JAVA_INT.withName("cb"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("lpReserved"),
            JAVA_LONG.withName("lpDesktop"),
            JAVA_LONG.withName("lpTitle"),
            JAVA_INT.withName("dwX"),
            JAVA_INT.withName("dwY"),
            JAVA_INT.withName("dwXSize"),
            JAVA_INT.withName("dwYSize"),
            JAVA_INT.withName("dwXCountChars"),
            JAVA_INT.withName("dwYCountChars"),
            JAVA_INT.withName("dwFillAttribute"),
            JAVA_INT.withName("dwFlags"),
            JAVA_SHORT.withName("wShowWindow"),
            JAVA_SHORT.withName("cbReserved2"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("lpReserved2"),
            JAVA_LONG.withName("hStdInput"),
            JAVA_LONG.withName("hStdOutput"),
            JAVA_LONG.withName("hStdError")).withName("STARTUPINFOW");

    public static final StructLayout STARTUPINFOEXW = MemoryLayout.structLayout(
            STARTUPINFOW.withName("StartupInfo"),
            JAVA_LONG.withName("lpAttributeList")).withName("STARTUPINFOEXW");

    public static final StructLayout PROCESS_INFORMATION = MemoryLayout.structLayout(
            JAVA_LONG.withName("hProcess"),
            JAVA_LONG.withName("hThread"),
            JAVA_INT.withName("dwProcessId"),
            JAVA_INT.withName("dwThreadId")).withName("PROCESS_INFORMATION");

    public static final StructLayout COORD = MemoryLayout.structLayout(
            JAVA_SHORT.withName("X"),
            JAVA_SHORT.withName("Y")).withName("COORD");

    public static final StructLayout SMALL_RECT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("Left"),
            JAVA_SHORT.withName("Top"),
            JAVA_SHORT.withName("Right"),
            JAVA_SHORT.withName("Bottom")).withName("SMALL_RECT");

    public static final StructLayout CONSOLE_SCREEN_BUFFER_INFO = MemoryLayout.structLayout(
            COORD.withName("dwSize"),
            COORD.withName("dwCursorPosition"),
            JAVA_SHORT.withName("wAttributes"),
            SMALL_RECT.withName("srWindow"),
            COORD.withName("dwMaximumWindowSize")).withName("CONSOLE_SCREEN_BUFFER_INFO");

    /** The union's {@code Status} form (its {@code Pointer} is never used). */
    public static final StructLayout IO_STATUS_BLOCK = MemoryLayout.structLayout(
            JAVA_INT.withName("Status"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("Information")).withName("IO_STATUS_BLOCK");

    public static final StructLayout FILE_MODE_INFORMATION = MemoryLayout.structLayout(
            JAVA_INT.withName("Mode")).withName("FILE_MODE_INFORMATION");

    public static final StructLayout GUID = MemoryLayout.structLayout(
            JAVA_INT.withName("Data1"),
            JAVA_SHORT.withName("Data2"),
            JAVA_SHORT.withName("Data3"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("Data4")).withName("GUID");

    /** x64's order: the version words, then the counts before the pointer (the 32-bit order differs). */
    public static final StructLayout WSADATA = MemoryLayout.structLayout(
            JAVA_SHORT.withName("wVersion"),
            JAVA_SHORT.withName("wHighVersion"),
            JAVA_SHORT.withName("iMaxSockets"),
            JAVA_SHORT.withName("iMaxUdpDg"),
            JAVA_LONG.withName("lpVendorInfo"),
            MemoryLayout.sequenceLayout(257, JAVA_BYTE).withName("szDescription"),
            MemoryLayout.sequenceLayout(129, JAVA_BYTE).withName("szSystemStatus"),
            MemoryLayout.paddingLayout(6)).withName("WSADATA");

    public static final StructLayout WSABUF = MemoryLayout.structLayout(
            JAVA_INT.withName("len"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("buf")).withName("WSABUF");

    /** Both members are {@code u_short} on Windows (ints on Linux). */
    public static final StructLayout LINGER = MemoryLayout.structLayout(
            JAVA_SHORT.withName("l_onoff"),
            JAVA_SHORT.withName("l_linger")).withName("LINGER");

    /** The port and address in network byte order. */
    public static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT.withName("sin_port"),
            JAVA_INT.withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero")).withName("SOCKADDR_IN");

    public static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT.withName("sin6_port"),
            JAVA_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id")).withName("SOCKADDR_IN6");

    /** {@code <afunix.h>} (Windows 10 1803): a path of UTF-8 bytes, NUL-terminated when shorter than sun_path. */
    public static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(UNIX_PATH_MAX, JAVA_BYTE).withName("sun_path")).withName("SOCKADDR_UN");

    /** Room for any address; only its family and its 8-byte-aligned member are named. */
    public static final StructLayout SOCKADDR_STORAGE = MemoryLayout.structLayout(
            JAVA_SHORT.withName("ss_family"),
            MemoryLayout.paddingLayout(6),
            JAVA_LONG.withName("__ss_align"),
            MemoryLayout.paddingLayout(112)).withName("SOCKADDR_STORAGE");

    // ---- member offsets the code reads and writes (derived from the layouts above) ----
    static final long OVERLAPPED_INTERNAL = offset(OVERLAPPED, "Internal");
    static final long OVERLAPPED_OFFSET = offset(OVERLAPPED, "Offset");
    static final long OVERLAPPED_OFFSET_HIGH = offset(OVERLAPPED, "OffsetHigh");
    static final long OVERLAPPED_EVENT = offset(OVERLAPPED, "hEvent");
    static final long ENTRY_KEY = offset(OVERLAPPED_ENTRY, "lpCompletionKey");
    static final long ENTRY_OVERLAPPED = offset(OVERLAPPED_ENTRY, "lpOverlapped");
    static final long ENTRY_BYTES = offset(OVERLAPPED_ENTRY, "dwNumberOfBytesTransferred");
    static final long BHFI_ATTRIBUTES = offset(BY_HANDLE_FILE_INFORMATION, "dwFileAttributes");
    static final long BHFI_CREATION = offset(BY_HANDLE_FILE_INFORMATION, "ftCreationTime");
    static final long BHFI_ACCESS = offset(BY_HANDLE_FILE_INFORMATION, "ftLastAccessTime");
    static final long BHFI_WRITE = offset(BY_HANDLE_FILE_INFORMATION, "ftLastWriteTime");
    static final long BHFI_VOLUME = offset(BY_HANDLE_FILE_INFORMATION, "dwVolumeSerialNumber");
    static final long BHFI_SIZE_HIGH = offset(BY_HANDLE_FILE_INFORMATION, "nFileSizeHigh");
    static final long BHFI_SIZE_LOW = offset(BY_HANDLE_FILE_INFORMATION, "nFileSizeLow");
    static final long BHFI_INDEX_HIGH = offset(BY_HANDLE_FILE_INFORMATION, "nFileIndexHigh");
    static final long BHFI_INDEX_LOW = offset(BY_HANDLE_FILE_INFORMATION, "nFileIndexLow");
    static final long TAG_INFO_REPARSE_TAG = offset(FILE_ATTRIBUTE_TAG_INFO, "ReparseTag");
    static final long DIR_INFO_NEXT = offset(FILE_ID_BOTH_DIR_INFO, "NextEntryOffset");
    static final long DIR_INFO_ATTRIBUTES = offset(FILE_ID_BOTH_DIR_INFO, "FileAttributes");
    static final long DIR_INFO_NAME_LENGTH = offset(FILE_ID_BOTH_DIR_INFO, "FileNameLength");
    static final long DIR_INFO_EA_SIZE = offset(FILE_ID_BOTH_DIR_INFO, "EaSize");
    static final long DIR_INFO_FILE_ID = offset(FILE_ID_BOTH_DIR_INFO, "FileId");
    static final long DIR_INFO_NAME = offset(FILE_ID_BOTH_DIR_INFO, "FileName");
    static final long FIND_ATTRIBUTES = offset(WIN32_FIND_DATAW, "dwFileAttributes");
    static final long FIND_CREATION = offset(WIN32_FIND_DATAW, "ftCreationTime");
    static final long FIND_ACCESS = offset(WIN32_FIND_DATAW, "ftLastAccessTime");
    static final long FIND_WRITE = offset(WIN32_FIND_DATAW, "ftLastWriteTime");
    static final long FIND_SIZE_HIGH = offset(WIN32_FIND_DATAW, "nFileSizeHigh");
    static final long FIND_SIZE_LOW = offset(WIN32_FIND_DATAW, "nFileSizeLow");
    /** dwReserved0: the reparse tag when the attributes have FILE_ATTRIBUTE_REPARSE_POINT. */
    static final long FIND_RESERVED0 = offset(WIN32_FIND_DATAW, "dwReserved0");
    static final long SA_LENGTH = offset(SECURITY_ATTRIBUTES, "nLength");
    static final long SA_INHERIT = offset(SECURITY_ATTRIBUTES, "bInheritHandle");
    static final long SI_CB = offset(STARTUPINFOW, "cb");
    static final long SI_FLAGS = offset(STARTUPINFOW, "dwFlags");
    static final long SI_STDIN = offset(STARTUPINFOW, "hStdInput");
    static final long SI_STDOUT = offset(STARTUPINFOW, "hStdOutput");
    static final long SI_STDERR = offset(STARTUPINFOW, "hStdError");
    static final long SIEX_ATTRIBUTES = offset(STARTUPINFOEXW, "lpAttributeList");
    static final long PI_PROCESS = offset(PROCESS_INFORMATION, "hProcess");
    static final long PI_THREAD = offset(PROCESS_INFORMATION, "hThread");
    static final long PI_PROCESS_ID = offset(PROCESS_INFORMATION, "dwProcessId");
    static final long CSBI_WINDOW = offset(CONSOLE_SCREEN_BUFFER_INFO, "srWindow");
    static final long RECT_LEFT = offset(SMALL_RECT, "Left");
    static final long RECT_TOP = offset(SMALL_RECT, "Top");
    static final long RECT_RIGHT = offset(SMALL_RECT, "Right");
    static final long RECT_BOTTOM = offset(SMALL_RECT, "Bottom");
    static final long GUID_DATA1 = offset(GUID, "Data1");
    static final long GUID_DATA2 = offset(GUID, "Data2");
    static final long GUID_DATA3 = offset(GUID, "Data3");
    static final long GUID_DATA4 = offset(GUID, "Data4");
    static final long WSABUF_LEN = offset(WSABUF, "len");
    static final long WSABUF_BUF = offset(WSABUF, "buf");
    static final long LINGER_ONOFF = offset(LINGER, "l_onoff");
    static final long LINGER_LINGER = offset(LINGER, "l_linger");
    static final long SIN_PORT = offset(SOCKADDR_IN, "sin_port");
    static final long SIN_ADDR = offset(SOCKADDR_IN, "sin_addr");
    static final long SIN6_PORT = offset(SOCKADDR_IN6, "sin6_port");
    static final long SIN6_ADDR = offset(SOCKADDR_IN6, "sin6_addr");
    static final long SIN6_SCOPE_ID = offset(SOCKADDR_IN6, "sin6_scope_id");
    static final long SUN_PATH = offset(SOCKADDR_UN, "sun_path");

    private static long offset(StructLayout struct, String member) {
        return struct.byteOffset(groupElement(member));
    }
}
