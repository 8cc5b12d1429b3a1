package flox.core.host;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT stop the framework from inside, as {@code --duration} does, instead of the
 * JVM's default of running shutdown hooks: java.util.logging resets itself in its own hook, so an
 * exit through hooks loses the shutdown's log lines (the buses' delivery audit, the executors'
 * in-flight report). A second signal while the stop runs exits through the hooks at once. With
 * the interactive shell only SIGTERM: Ctrl-C belongs to the shell.
 * Installed by {@link HostRunner} when the framework owns the process; the previous handlers are
 * put back by {@link #close()}. The only class that touches {@code sun.misc} (imported optionally).
 */
final class SignalStop {
    private final String[] signals;
    private final SignalHandler[] previous;
    private volatile boolean stopping;

    /** Installs the handlers of {@code signals} ("TERM", "INT"); {@code stop} runs on a new thread at the first signal. */
    SignalStop(Runnable stop, String... signals) {
        this.signals = signals;
        this.previous = new SignalHandler[signals.length];
        for (int i = 0; i < signals.length; i++) {
            String name = signals[i];
            int status = 128 + ("TERM".equals(name) ? 15 : 2);
            try {
                previous[i] = Signal.handle(new Signal(name), signal -> {
                    if (stopping) {
                        System.err.println("flox: SIG" + name + " again while stopping: exiting now");
                        System.exit(status);
                        return;
                    }
                    stopping = true;
                    Thread t = new Thread(stop, "flox-signal-stop");
                    t.setDaemon(true);
                    t.start();
                });
            } catch (IllegalArgumentException ignoredAtStart) {
                // e.g. SIGINT of a background job started by a script: ignored by the OS, left so
            }
        }
    }

    /** Puts the previous handlers back (best effort). */
    void close() {
        for (int i = 0; i < signals.length; i++) {
            if (previous[i] == null) continue;
            try {
                Signal.handle(new Signal(signals[i]), previous[i]);
            } catch (IllegalArgumentException ignored) {
                // the signal cannot be handled any more
            }
        }
    }

    /** Installs the handlers, or returns null (with the reason on stderr) where sun.misc is missing. */
    static SignalStop tryInstall(Runnable stop, String... signals) {
        try {
            return new SignalStop(stop, signals);
        } catch (LinkageError e) {
            System.err.println("flox: signals stop the host through JVM shutdown hooks (" + e + ")");
            return null;
        }
    }
}
