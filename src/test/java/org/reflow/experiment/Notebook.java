package org.reflow.experiment;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * A test-only event-sourced actor that the persistence tests write through: it appends notes,
 * and its state is nothing but the notes its events carry.
 */
final class Notebook extends EventSourcedBehaviorWithEnforcedReplies<Notebook.Command, Notebook.Event, Notebook.State> {

  sealed interface Command extends CborSerializable {}

  /** Appends a note; acknowledged once its event is in the journal. */
  record Write(String note, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Asks for every note so far. */
  record Read(ActorRef<State> replyTo) implements Command {}

  sealed interface Event extends CborSerializable {}

  record Written(String note) implements Event {}

  record State(List<String> notes) implements CborSerializable {
    State with(String note) {
      List<String> more = new ArrayList<>(notes);
      more.add(note);
      return new State(List.copyOf(more));
    }
  }

  private Notebook(PersistenceId persistenceId) {
    super(persistenceId);
  }

  /** The notebook whose events are journalled under {@link #persistenceId(String)}. */
  static Behavior<Command> create(String id) {
    return new Notebook(persistenceId(id));
  }

  static PersistenceId persistenceId(String id) {
    return PersistenceId.of("notebook", id);
  }

  @Override
  public State emptyState() {
    return new State(List.of());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Write.class, this::onWrite)
        .onCommand(Read.class, this::onRead)
        .build();
  }

  private ReplyEffect<Event, State> onWrite(State state, Write command) {
    return Effect().persist(new Written(command.note())).thenReply(command.replyTo(), written -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onRead(State state, Read command) {
    return Effect().reply(command.replyTo(), state);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Written.class, (state, event) -> state.with(event.note()))
        .build();
  }
}
