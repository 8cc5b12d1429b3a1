package flox.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.lifecycle.LifecycleCoordinator;
import flox.api.lifecycle.LifecycleState;
import flox.api.lifecycle.ParticipantStatus;
import flox.api.metrics.StatusContributor;
import flox.api.order.OrderTracker;
import flox.api.symbol.SymbolRegistry;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** The status line with {@link StatusContributor}s: ranking order, blank and failing contributors, exit tables. */
@Timeout(30)
class HostStatusTest {
    private final HostStatus status = new HostStatus(stub(SymbolRegistry.class), stub(OrderTracker.class), lifecycle(), context());

    @Test
    void shouldAppendFragmentsByRankingThenRegistrationAndSkipBlankOnes() {
        status.addContributor(reference(1, 0), contributor("first", "table one"));
        status.addContributor(reference(2, 5), contributor("ranked", ""));
        status.addContributor(reference(3, 0), contributor(" ", "table three"));
        String line = status.line();
        assertTrue(line.startsWith("flox RUNNING "), line);
        assertTrue(line.endsWith(" | ranked | first"), line);
        assertEquals("table one" + System.lineSeparator() + System.lineSeparator() + "table three" + System.lineSeparator(), status.summaries());
    }

    @Test
    void shouldLeaveOutAContributorThatThrowsAndDropRemovedOnes() {
        ServiceReference<StatusContributor> broken = reference(1, 0);
        status.addContributor(broken, new StatusContributor() {
            @Override public String statusFragment() { throw new IllegalStateException("boom"); }
            @Override public String summaryTable() { throw new IllegalStateException("boom"); }
        });
        ServiceReference<StatusContributor> good = reference(2, 0);
        status.addContributor(good, contributor("fine", "t"));
        assertTrue(status.line().endsWith(" | fine"), status.line());
        assertEquals("t" + System.lineSeparator(), status.summaries());
        status.removeContributor(good);
        status.removeContributor(broken);
        assertTrue(status.line().endsWith("active"), status.line());
        assertEquals("", status.summaries());
    }

    @Test
    void shouldCountAPluginComponentThatFailedToActivateAsAFailedComponent() {
        status.failedActivations(() -> 1);
        String line = status.line();
        assertTrue(line.contains("components 0/1 running, 1 FAILED"), line);
        status.failedActivations(() -> 0);
        assertTrue(status.line().contains("components 0/0 running |"), status.line());
    }

    private static StatusContributor contributor(String fragment, String table) {
        return new StatusContributor() {
            @Override public String statusFragment() { return fragment; }
            @Override public String summaryTable() { return table; }
        };
    }

    /** A reference ordered as the framework orders them: higher ranking first, then lower service id. */
    @SuppressWarnings("unchecked")
    private static ServiceReference<StatusContributor> reference(long serviceId, int ranking) {
        return (ServiceReference<StatusContributor>) Proxy.newProxyInstance(HostStatusTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getProperty":
                            return Constants.SERVICE_ID.equals(args[0]) ? (Object) serviceId
                                    : Constants.SERVICE_RANKING.equals(args[0]) ? (Object) ranking : null;
                        case "compareTo": {
                            ServiceReference<?> other = (ServiceReference<?>) args[0];
                            int r = Integer.compare(ranking, (Integer) other.getProperty(Constants.SERVICE_RANKING));
                            return r != 0 ? r : Long.compare((Long) other.getProperty(Constants.SERVICE_ID), serviceId);
                        }
                        case "equals":
                            return proxy == args[0];
                        case "hashCode":
                            return Long.hashCode(serviceId);
                        case "toString":
                            return "ref#" + serviceId;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private static LifecycleCoordinator lifecycle() {
        return new LifecycleCoordinator() {
            @Override public LifecycleState state() { return LifecycleState.RUNNING; }
            @Override public List<ParticipantStatus> participants() { return List.of(); }
            @Override public boolean shutdown(long timeoutMs) { return true; }
        };
    }

    private static BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(HostStatusTest.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getBundles")) return new Bundle[0];
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Every method returns its type's zero. */
    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type) {
        return (T) Proxy.newProxyInstance(HostStatusTest.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Class<?> r = method.getReturnType();
            if (r == int.class) return 0;
            if (r == long.class) return 0L;
            if (r == boolean.class) return false;
            return null;
        });
    }
}
