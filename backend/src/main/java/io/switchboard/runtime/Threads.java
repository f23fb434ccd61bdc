package io.switchboard.runtime;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place that knows whether the JVM has virtual threads. The code is compiled for
 * Java 17, so on 21+ virtual threads are reached through reflection, once, here.
 */
public final class Threads {
    private static final ThreadFactory VIRTUAL_FACTORY = virtualFactory();

    /** True when connection and writer tasks run on virtual threads. */
    public static final boolean VIRTUAL = VIRTUAL_FACTORY != null;

    private Threads() {
    }

    /**
     * An executor that gives every task its own thread: virtual when available, otherwise a
     * cached pool of named daemon platform threads (idle ones are reclaimed after a minute).
     */
    public static ExecutorService perTask(String name) {
        if (VIRTUAL) {
            try {
                return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                        .invoke(null, VIRTUAL_FACTORY);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("virtual threads detected but unusable", e);
            }
        }
        return Executors.newCachedThreadPool(platformFactory(name));
    }

    /** Starts a named platform daemon thread, for the few long-lived loops (accept, receive). */
    public static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** One named daemon thread for timers (deadlines, sweeps, heartbeats): they only ever wait or hand off. */
    public static ScheduledExecutorService timer(String name) {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** A short description for the banner. */
    public static String describe() {
        return (VIRTUAL ? "virtual threads" : "platform threads") + ", Java " + Runtime.version().feature();
    }

    private static ThreadFactory platformFactory(String name) {
        AtomicLong count = new AtomicLong();
        return task -> {
            Thread t = new Thread(task, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static ThreadFactory virtualFactory() {
        try {
            Method ofVirtual = Thread.class.getMethod("ofVirtual");
            Object builder = ofVirtual.invoke(null);
            Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
            return (ThreadFactory) factory.invoke(builder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // Java 17-20: no virtual threads
        }
    }
}
