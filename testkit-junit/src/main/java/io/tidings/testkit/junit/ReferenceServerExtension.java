package io.tidings.testkit.junit;

import io.tidings.testkit.Faults;
import io.tidings.testkit.ReferenceServer;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts one {@link ReferenceServer} (defaults, free port on loopback) for
 * a test class and stops it after the class. It injects into test methods, constructors and
 * lifecycle methods:
 *
 * <ul>
 *   <li>a {@link ReferenceServer} parameter: the server (publish messages, read its stats);
 *   <li>a {@link Faults} parameter: its fault switches;
 *   <li>a {@code String} or {@link URI} parameter annotated {@link ServerUrl}: the feed URL.
 * </ul>
 *
 * <p>The fault switches are cleared after each test, so one test's faults do not leak into the
 * next. The feed itself is kept (ids keep rising across the tests of a class).
 *
 * <pre>{@code
 * @ExtendWith(ReferenceServerExtension.class)
 * class PriceFeedTest {
 *   @Test
 *   void resumesAfterADrop(@ServerUrl String url, ReferenceServer server, Faults faults) { ... }
 * }
 * }</pre>
 *
 * <p>Thread-safe as JUnit uses it; with parallel test classes each class gets its own server.
 */
public final class ReferenceServerExtension
    implements BeforeAllCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ReferenceServerExtension.class);

  /** Used by JUnit through {@code @ExtendWith}. */
  public ReferenceServerExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    server(context).faults().clear();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (parameter.isAnnotated(ServerUrl.class)) {
      if (type == String.class || type == URI.class) {
        return true;
      }
      throw new ParameterResolutionException(
          "@ServerUrl goes on a String or URI parameter, not " + type.getName());
    }
    return type == ReferenceServer.class || type == Faults.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ReferenceServer server = server(context);
    Class<?> type = parameter.getParameter().getType();
    if (parameter.isAnnotated(ServerUrl.class)) {
      return type == URI.class ? URI.create(server.url()) : server.url();
    }
    return type == Faults.class ? server.faults() : server;
  }

  /** The class's server, started on first use and closed with the class's extension context. */
  private static ReferenceServer server(ExtensionContext context) {
    ExtensionContext classContext = classContext(context);
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            Resource.class, k -> new Resource(ReferenceServer.start()), Resource.class)
        .server;
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestClass().isPresent()
        && c.getParent().isPresent()
        && c.getParent().get().getTestClass().isPresent()
        && c.getTestMethod().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  /** Closes the server when JUnit closes the store. */
  // CloseableResource: the JUnit 5 form, still supported; AutoCloseable too, or JUnit 5.13+ warns
  // "Type implements CloseableResource but not AutoCloseable" in every test run that uses it.
  @SuppressWarnings("deprecation")
  private static final class Resource
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final ReferenceServer server;

    Resource(ReferenceServer server) {
      this.server = server;
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
