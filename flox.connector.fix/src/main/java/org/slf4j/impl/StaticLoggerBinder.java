package org.slf4j.impl;

import flox.connector.fix.internal.session.MaskingJulLoggerFactory;
import org.slf4j.ILoggerFactory;
import org.slf4j.spi.LoggerFactoryBinder;

/**
 * SLF4J 1.7's binding inside the FIX bundle (private to it): QuickFIX/J's and MINA's own log lines
 * go to java.util.logging, where the host's log is, with logon secrets masked
 * ({@link MaskingJulLoggerFactory}). It takes the place of slf4j-jdk14, which wrote them unmasked.
 * Found by SLF4J's LoggerFactory by this name; thread-safe.
 */
public final class StaticLoggerBinder implements LoggerFactoryBinder {
    /** Read by SLF4J to check the binding's API version. */
    public static String REQUESTED_API_VERSION = "1.7.36"; // not final: SLF4J reads it so (javac would inline a constant)

    private static final StaticLoggerBinder SINGLETON = new StaticLoggerBinder();
    private final ILoggerFactory factory = new MaskingJulLoggerFactory();

    private StaticLoggerBinder() {
    }

    public static StaticLoggerBinder getSingleton() {
        return SINGLETON;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public String getLoggerFactoryClassStr() {
        return MaskingJulLoggerFactory.class.getName();
    }
}
