package io.tidings.testkit.internal;

import io.tidings.testkit.Faults;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * The fault control endpoint (docs/PROTOCOL.md): {@code POST <path>/<switch>?<parameters>} (or the
 * parameters in a form body) sets one of the {@link Faults} switches, {@code GET <path>} lists
 * them. Answers 200 when the switch is set, 400 saying what was expected when a parameter is
 * missing or wrong, 404 for an unknown switch. Other paths are left to the next handler. Never
 * blocks a thread; thread-safe.
 */
public final class FaultControlHandler extends Handler.Abstract.NonBlocking {
  private final Faults faults;
  private final String path;
  private final Hub hub;

  /**
   * A handler setting {@code faults}, serving {@code path} and below.
   *
   * @param faults the switches, not null
   * @param path the endpoint's path, such as {@code /faults}, not null
   */
  public FaultControlHandler(Faults faults, String path) {
    this(faults, path, null);
  }

  /**
   * A handler setting {@code faults}, serving {@code path} and below, logging each switch set to
   * {@code hub}'s event log.
   *
   * @param faults the switches, not null
   * @param path the endpoint's path, such as {@code /faults}, not null
   * @param hub where switches are logged, or null
   */
  public FaultControlHandler(Faults faults, String path, Hub hub) {
    this.faults = faults;
    this.path = path;
    this.hub = hub;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String p = Request.getPathInContext(request);
    if (p.equals(path)) {
      if ("GET".equals(request.getMethod())) {
        Exchanges.answer(response, callback, 200, "text/plain", listing());
      } else {
        response.getHeaders().put(HttpHeader.ALLOW, "GET");
        Exchanges.answer(response, callback, 405, "text/plain", listing());
      }
      return true;
    }
    if (!p.startsWith(path + "/")) {
      return false;
    }
    String name = p.substring(path.length() + 1);
    FaultSwitch fault = FaultSwitch.named(name);
    if (fault == null) {
      Exchanges.answer(
          response,
          callback,
          404,
          "text/plain",
          "There is no fault switch '" + name + "'.\n" + listing());
      return true;
    }
    if (!"POST".equals(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      Exchanges.answer(response, callback, 405, "text/plain", expected(fault));
      return true;
    }
    // onParameters, not getParametersAsync().whenComplete(): Jetty 12.1's form future refuses a
    // dependent action while the body has not arrived yet (a client that sends the headers and the
    // body apart got a 500 "Bad invocation type when not completed"). What follows does not block.
    Request.onParameters(
        request,
        Promise.Invocable.from(
            Invocable.InvocationType.NON_BLOCKING,
            (Fields fields, Throwable failure) -> {
              if (failure != null) {
                callback.failed(failure);
                return;
              }
              try {
                fault.apply(faults, new FaultParams(fault, fields));
                if (hub != null) {
                  hub.event("fault switched: " + applied(fault, fields).substring(3).trim());
                }
                Exchanges.answer(response, callback, 200, "text/plain", applied(fault, fields));
              } catch (IllegalArgumentException e) {
                Exchanges.answer(
                    response, callback, 400, "text/plain", e.getMessage() + "\n" + expected(fault));
              }
            }));
    return true;
  }

  private String expected(FaultSwitch fault) {
    return "Expected: POST " + path + "/" + fault.usage() + "\n";
  }

  private static String applied(FaultSwitch fault, Fields fields) {
    StringBuilder out = new StringBuilder("OK ").append(fault.pathName());
    for (Fields.Field f : fields) {
      out.append(' ').append(f.getName()).append('=').append(f.getValue());
    }
    return out.append('\n').toString();
  }

  private String listing() {
    StringBuilder out =
        new StringBuilder("Fault switches: POST ")
            .append(path)
            .append("/<switch>, parameters in the query or a form body, [optional]:\n");
    for (FaultSwitch fault : FaultSwitch.values()) {
      out.append("  POST ")
          .append(path)
          .append('/')
          .append(fault.usage())
          .append("\n      ")
          .append(fault.description())
          .append('\n');
    }
    return out.toString();
  }
}
