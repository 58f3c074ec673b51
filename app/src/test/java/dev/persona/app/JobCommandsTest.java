package dev.persona.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The job commands' failures before any stack is involved: a malformed job id is bad input (exit 2,
 * one line naming the id), and with no stack running or configured they say how to start one.
 */
class JobCommandsTest {
  @Test
  void aMalformedJobIdIsBadInputForEveryJobCommand() {
    for (String command : new String[] {"status", "cancel", "resume"}) {
      CliRun r = CliRun.of(command, "no spaces allowed");
      assertEquals(PersonaCli.EXIT_BAD_INPUT, r.exit(), command + ": " + r.err());
      assertTrue(r.err().contains("no spaces allowed"), r.err());
      assertTrue(r.err().lines().count() == 1, r.err());
    }
  }

  @Test
  void withoutAStackTheCommandsSayHowToStartOne() {
    CliRun r = CliRun.of("status", "job-1");
    assertEquals(PersonaCli.EXIT_FAILURE, r.exit(), r.err());
    assertTrue(r.err().contains("./persona dev"), r.err());
  }
}
