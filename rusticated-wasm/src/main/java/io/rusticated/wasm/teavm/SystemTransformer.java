package io.rusticated.wasm.teavm;

import java.io.InputStream;
import java.io.PrintStream;
import org.teavm.model.AccessLevel;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.ElementModifier;
import org.teavm.model.MethodDescriptor;
import org.teavm.model.MethodHolder;
import org.teavm.model.ValueType;
import org.teavm.model.emit.ProgramEmitter;

/**
 * Rewrites TeaVM's {@code java.lang.System}: {@code in()}, {@code out()}, {@code err()},
 * {@code setOut} and {@code setErr} delegate to rusticated's {@code Console}, and
 * {@code exit(int)}, which TeaVM's System lacks, is added and asks the host to end the program.
 * (TeaVM turns every read of {@code System.in/out/err} into a call of these methods.)
 */
final class SystemTransformer implements ClassHolderTransformer {
    private static final String SYSTEM = "java.lang.System";
    static final String CONSOLE = "io.rusticated.wasm.jdk.Console";

    @Override
    public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        if (!cls.getName().equals(SYSTEM)) {
            return;
        }
        delegate(cls, context, new MethodDescriptor("in", InputStream.class), "in");
        delegate(cls, context, new MethodDescriptor("out", PrintStream.class), "out");
        delegate(cls, context, new MethodDescriptor("err", PrintStream.class), "err");
        delegate(cls, context, new MethodDescriptor("setOut", PrintStream.class, void.class), "setOut");
        delegate(cls, context, new MethodDescriptor("setErr", PrintStream.class, void.class), "setErr");

        MethodDescriptor exit = new MethodDescriptor("exit", int.class, void.class);
        if (cls.getMethod(exit) == null) {
            MethodHolder m = new MethodHolder(exit);
            m.setLevel(AccessLevel.PUBLIC);
            m.getModifiers().add(ElementModifier.STATIC);
            cls.addMethod(m);
        }
        delegate(cls, context, exit, "exit");
    }

    /** Replaces the body of the static method with a call of the Console method of that name and signature. */
    private static void delegate(ClassHolder cls, ClassHolderTransformerContext context, MethodDescriptor d, String target) {
        MethodHolder method = cls.getMethod(d);
        if (method == null) {
            throw new IllegalStateException("rusticated-wasm: TeaVM's java.lang.System has no " + d + "; this TeaVM is not the one rusticated was built for");
        }
        method.getModifiers().remove(ElementModifier.NATIVE);
        method.setProgram(null);
        ProgramEmitter pe = ProgramEmitter.create(method, context.getHierarchy());
        ValueType[] params = d.getParameterTypes();
        var args = new org.teavm.model.emit.ValueEmitter[params.length];
        for (int i = 0; i < params.length; i++) {
            args[i] = pe.var(i + 1, params[i]);
        }
        if (d.getResultType() == ValueType.VOID) {
            pe.invoke(CONSOLE, target, ValueType.VOID, args);
            pe.exit();
        } else {
            pe.invoke(CONSOLE, target, d.getResultType(), args).returnValue();
        }
    }
}
