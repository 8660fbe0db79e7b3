package graphsvc.neo4jlocal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Neo4j Community, embedded, answering Bolt on 127.0.0.1:PORT with authentication on.
 *
 * <p>Usage: {@code Launcher HOME PORT [PAGECACHE]}, the password of the user {@code neo4j} in
 * the environment variable NEO4J_PASSWORD. Prints one line {@code READY <version>} when Bolt
 * answers. Stops cleanly on SIGTERM or Ctrl-C, and also when its standard input closes, so a
 * test run that dies takes its server with it.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: Launcher HOME PORT [PAGECACHE]   (password in NEO4J_PASSWORD)");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    long pageCache = args.length > 2 ? Long.parseLong(args[2]) : 256L << 20;
    String password = System.getenv("NEO4J_PASSWORD");
    if (password == null || password.length() < 8) {
      System.err.println("NEO4J_PASSWORD must be set, at least 8 characters long");
      System.exit(2);
    }
    SocketAddress address = new SocketAddress("127.0.0.1", port);
    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, address)
            .setConfig(BoltConnector.advertised_address, address)
            .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
            .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
            .build();
    Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));
    setPassword(dbms, password);
    String version =
        dbms.database("system")
            .executeTransactionally(
                "CALL dbms.components() YIELD versions RETURN versions[0] AS v",
                Map.of(),
                result -> String.valueOf(result.next().get("v")));
    System.out.println("READY " + version);
    System.out.flush();
    watchStdin();
  }

  /** The password of the user neo4j, with no change required at the first login. */
  private static void setPassword(DatabaseManagementService dbms, String password) {
    try {
      dbms.database("system")
          .executeTransactionally(
              "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
              Map.of("password", password));
    } catch (RuntimeException e) {
      // a data folder started before with this same password: nothing to change
      if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
        throw e;
      }
    }
  }

  /** Exit (running the shutdown hook) when standard input reaches its end. */
  private static void watchStdin() {
    try {
      while (System.in.read() != -1) {
        // nothing is read from the input: its end is the signal
      }
    } catch (IOException e) {
      // a broken pipe is an end too
    }
    System.exit(0);
  }
}
