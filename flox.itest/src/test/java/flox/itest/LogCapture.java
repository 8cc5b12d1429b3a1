package flox.itest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what the host logs (System.Logger goes to java.util.logging) under one logger name. */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    public final List<LogRecord> records = new CopyOnWriteArrayList<>();

    public LogCapture(String name) {
        logger = Logger.getLogger(name);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    public boolean hasError(String... fragments) {
        for (LogRecord r : records) {
            if (r.getLevel().intValue() < Level.SEVERE.intValue()) continue;
            boolean all = true;
            for (String f : fragments) all &= r.getMessage() != null && r.getMessage().contains(f);
            if (all) return true;
        }
        return false;
    }

    public long errorCount() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue()).count();
    }

    public String dump() {
        StringBuilder sb = new StringBuilder();
        for (LogRecord r : records) sb.append('\n').append(r.getLevel()).append(' ').append(r.getMessage());
        return sb.toString();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
