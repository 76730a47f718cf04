package io.rusticated.wasm.teavm;

import java.nio.file.spi.FileSystemProvider;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.MethodDescriptor;
import org.teavm.model.MethodHolder;
import org.teavm.model.ValueType;
import org.teavm.model.emit.ProgramEmitter;

/**
 * Makes TeaVM's default file system (the one {@code Path.of} and {@code FileSystems.getDefault()}
 * give) return rusticated's provider, so every {@code Files} call on its paths is served by the
 * host. TeaVM's own provider, over its in-memory virtual file system, is no longer reached.
 */
final class DefaultFileSystemTransformer implements ClassHolderTransformer {
    /** TeaVM's org.teavm.classlib.java.nio.file.impl.TDefaultFileSystem, under the name TeaVM gives it. */
    private static final String DEFAULT_FILE_SYSTEM = "java.nio.file.impl.DefaultFileSystem";
    private static final String PROVIDER = "io.rusticated.wasm.jdk.HostFileSystemProvider";

    @Override
    public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        if (!cls.getName().equals(DEFAULT_FILE_SYSTEM)) {
            return;
        }
        MethodHolder provider = cls.getMethod(new MethodDescriptor("provider", FileSystemProvider.class));
        if (provider == null) {
            throw new IllegalStateException("rusticated-wasm: TeaVM's default file system has no provider(); this TeaVM is not the one rusticated was built for");
        }
        provider.setProgram(null);
        ProgramEmitter pe = ProgramEmitter.create(provider, context.getHierarchy());
        pe.invoke(PROVIDER, "instance", ValueType.parse(FileSystemProvider.class)).returnValue();
    }
}
