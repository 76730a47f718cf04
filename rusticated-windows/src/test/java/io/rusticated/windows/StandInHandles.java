package io.rusticated.windows;

import io.rusticated.spi.ChildState;
import io.rusticated.spi.ProcessSupport;
import io.rusticated.spi.SpawnRequest;
import io.rusticated.spi.SpawnedProcess;

import java.nio.file.Path;

/**
 * Tests only, off Windows: closing a handle of the stand-in as {@link WindowsProcessSupport#close}
 * closes one on Windows (its associations forgotten, closesocket for a socket), so the loop's
 * {@code Platform.closeHandle} (an accepted socket whose accept completed after its cancel) reaches
 * the stand-in. It serves nothing else: the stand-in has no processes of this kind.
 */
public final class StandInHandles implements ProcessSupport {
    @Override
    public boolean supportsCurrentOs() {
        return !IocpDriverFactory.onWindows(); // on Windows, WindowsProcessSupport serves
    }

    @Override
    public void close(long handle) {
        Associations.forget(handle);
        StandInWindows w = StandInBackend.current();
        WindowsHandles.close(handle, w.winsock, w::closeNonSocket);
    }

    private static UnsupportedOperationException none(String what) {
        return new UnsupportedOperationException("the Windows stand-in serves only closing handles, not " + what);
    }

    @Override
    public SpawnedProcess spawn(SpawnRequest request) {
        throw none("spawn");
    }

    @Override
    public long[] pipe() {
        throw none("pipe");
    }

    @Override
    public long open(Path path, RedirectMode mode) {
        throw none("open");
    }

    @Override
    public long openNullDevice() {
        throw none("openNullDevice");
    }

    @Override
    public ChildState pollState(SpawnedProcess child, boolean includeStops) {
        throw none("pollState");
    }

    @Override
    public void release(SpawnedProcess child) {
        throw none("release");
    }

    @Override
    public boolean signal(SpawnedProcess child, int signal) {
        throw none("signal");
    }
}
