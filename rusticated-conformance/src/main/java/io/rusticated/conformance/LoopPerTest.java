package io.rusticated.conformance;

import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Opens a fresh {@link EventLoop} for each test method on the thread that runs it, stores it in
 * the test's {@code EventLoop} fields, and closes it afterwards. The suite's SEPARATE_THREAD
 * timeouts run {@code @BeforeEach} on another thread than the test, so a loop bound to its opening
 * thread cannot be opened there.
 */
public final class LoopPerTest implements InvocationInterceptor {
    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
                                    ExtensionContext extension) throws Throwable {
        Object test = extension.getRequiredTestInstance();
        try (EventLoop loop = EventLoop.open()) {
            setLoopFields(test, loop);
            try {
                invocation.proceed();
            } finally {
                setLoopFields(test, null);
            }
        }
    }

    private static void setLoopFields(Object test, EventLoop loop) throws IllegalAccessException {
        for (Class<?> c = test.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getType() == EventLoop.class && !Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    field.set(test, loop);
                }
            }
        }
    }
}
