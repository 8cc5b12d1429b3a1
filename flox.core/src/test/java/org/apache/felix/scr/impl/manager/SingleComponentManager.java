package org.apache.felix.scr.impl.manager;

/** Test stand-in for Felix SCR's class of the same name: its activation frame, as a real thread's stack shows it. */
public final class SingleComponentManager {
    private SingleComponentManager() {
    }

    /** Runs {@code activate} under a frame named as SCR's activation: createImplementationObject. */
    public static void createImplementationObject(Runnable activate) {
        activate.run();
    }
}
