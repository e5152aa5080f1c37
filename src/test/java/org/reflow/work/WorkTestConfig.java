package org.reflow.work;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/**
 * The actor system the work tests run in: every message serialized through Jackson CBOR on every
 * send (as if each crossed a node), an in-memory journal so a real Experiment runs, and a
 * one-thread numeric dispatcher so the Trainer runs where production puts it.
 */
public final class WorkTestConfig {

  private WorkTestConfig() {}

  public static Config config() {
    return ConfigFactory.parseString("""
        pekko.actor.serialization-bindings { "org.reflow.experiment.CborSerializable" = jackson-cbor }
        pekko.actor.serialize-messages = on
        reflow.numeric-dispatcher {
          type = Dispatcher
          executor = "thread-pool-executor"
          thread-pool-executor.fixed-pool-size = 1
          throughput = 1
        }
        """).withFallback(EventSourcedBehaviorTestKit.config());
  }
}
