package io.switchboard.runtime;

import java.lang.management.ManagementFactory;
import java.util.Calendar;
import java.util.Locale;

/**
 * Three of the JDK's own one-time set-ups that the gateway's start-up always reaches, done on a second
 * thread while the main thread parses the command line and starts the gateway. Each fills a cache the JDK
 * keeps for the life of the process, so whichever thread gets there first does the work once and the other
 * finds it done (or waits for it); together they were about a fifth of the main thread's start-up samples.
 */
public final class JdkCaches {
    private JdkCaches() {
    }

    /** Starts filling the caches in the background; returns at once. */
    public static void warm() {
        Threads.daemon("jdk-caches", JdkCaches::fill);
    }

    private static void fill() {
        Locale.getAvailableLocales(); // Jetty's MimeTypes (made with its Server) lists every locale
        Calendar.getInstance(); // slf4j-simple's time stamps: the default locale's calendar data
        ManagementFactory.getPlatformMBeanServer(); // Jetty's MemoryUtils (its thread pool's queue)
    }
}
