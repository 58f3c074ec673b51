package dev.persona.app.stack;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The main class of {@link EmbeddedKafka}'s child JVM: formats the KRaft storage (Kafka's {@code
 * StorageTool format}, idempotent with {@code --ignore-formatted}), then runs the broker ({@code
 * kafka.Kafka}) — after arranging to exit when the parent JVM does, so a parent killed with SIGKILL
 * (no shutdown hook runs) leaves no broker behind. Kafka's classes are reached by reflection: the
 * broker is a runtime-only dependency of the app.
 *
 * <p>Arguments: parent pid, server.properties path, cluster id.
 */
public final class KafkaBrokerMain {
  private KafkaBrokerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: KafkaBrokerMain PARENT_PID SERVER_PROPERTIES CLUSTER_ID");
      System.exit(2);
    }
    long parent = Long.parseLong(args[0]);
    ProcessHandle.of(parent)
        .ifPresentOrElse(
            p ->
                p.onExit()
                    .thenRun(
                        () -> {
                          System.out.println("parent " + parent + " exited; stopping the broker");
                          System.exit(0);
                        }),
            () -> System.exit(0));
    Method format =
        Class.forName("kafka.tools.StorageTool")
            .getMethod("execute", String[].class, PrintStream.class);
    int status =
        (int)
            format.invoke(
                null,
                new String[] {"format", "-t", args[2], "-c", args[1], "--ignore-formatted"},
                System.out);
    if (status != 0) {
      System.err.println("kafka storage format failed with status " + status);
      System.exit(status);
    }
    try {
      Class.forName("kafka.Kafka")
          .getMethod("main", String[].class)
          .invoke(null, (Object) new String[] {args[1]});
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the broker failed", e.getCause());
    }
  }
}
