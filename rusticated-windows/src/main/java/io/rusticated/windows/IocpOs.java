package io.rusticated.windows;

import io.rusticated.spi.BlockingWork;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverUnavailableException;

/**
 * Everything an {@link IocpDriver} asks of Windows, behind one seam: kernel32 and ntdll on Windows
 * ({@link Win32Os}); in the tests, a stand-in that follows the documented semantics, so the
 * driver's logic runs on any OS.
 */
interface IocpOs {
    /** A new completion port for one loop. */
    CompletionPort openPort() throws DriverUnavailableException;

    /** What the handle is (file type, console, opened overlapped or not). */
    HandleKind classify(long handle);

    /** READ and WRITE on a synchronous handle, on the blocking pool; end of input and a broken pipe read as 0 bytes. */
    BlockingWork synchronousIo();

    /**
     * READ and WRITE on an overlapped handle whose packets reach no loop of this process (a
     * handle another component associated with its own port, or one whose loop has closed): the
     * call waits on an event whose low bit is set, which keeps its packet off any port.
     */
    BlockingWork eventIo();

    /** A console WRITE whose UTF-16 text is the request's scratch memory (WriteConsoleW until all is written). */
    BlockingWork consoleWrite(DriverContext ctx);

    /** Every other opcode: opening, closing, metadata, directories, links, flushing, truncating. */
    BlockingWork files(DriverContext ctx);

    /** The reader thread of a console input handle (one per handle in the process). */
    ConsoleReader consoleReader(long handle);

    /** The process's exit waits. */
    ExitWaits exitWaits();

    /** Winsock: the sockets' overlapped calls. */
    Winsock winsock();
}
