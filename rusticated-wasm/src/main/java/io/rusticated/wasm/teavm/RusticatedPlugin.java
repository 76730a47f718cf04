package io.rusticated.wasm.teavm;

import java.util.Arrays;
import org.teavm.interop.Platforms;
import org.teavm.vm.spi.TeaVMHost;
import org.teavm.vm.spi.TeaVMPlugin;

/**
 * Makes rusticated the "std" of a program TeaVM compiles to WasmGC: TeaVM finds this plug-in
 * through {@code META-INF/services/org.teavm.vm.spi.TeaVMPlugin} on its class path and lets it
 * rewrite TeaVM's own classes as they load (its supported extension point for that): the
 * standard streams and System.exit go to the host, and the default file system's provider
 * becomes rusticated's. It runs inside the compiler, on the JVM; the guest never sees it. Other
 * targets (JavaScript, C) are left alone: the host imports exist only on WASM.
 */
public final class RusticatedPlugin implements TeaVMPlugin {
    @Override
    public void install(TeaVMHost host) {
        if (!Arrays.asList(host.getPlatformTags()).contains(Platforms.WEBASSEMBLY_GC)) {
            return;
        }
        host.add(new SystemTransformer());
        host.add(new DefaultFileSystemTransformer());
    }
}
