namespace Aggregator.Shared.Actors;

/// <summary>
/// The runtime of one actor (Akka's <c>ActorCell</c>): its mailbox, current instance, children, watches,
/// timers and lifecycle state. Everything here runs on the actor's own mailbox run, one message at a time,
/// except where a member says otherwise. Split by concern into <c>ActorCell.*.cs</c> partials.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    private readonly ActorCell? _parent;
    private ActorBase? _actor;
    private IActorRef _sender;
    private object? _currentMessage;
    private object? _failedMessage;
    private TimerScheduler? _timers;

    // Note: suspended until Create succeeds; also while a failure awaits the parent's directive.
    private bool _suspended = true;
    private bool _failed;

    public ActorCell(ActorSystem system, Props props, ActorCell? parent, string path, string name)
    {
        System = system;
        Props = props;
        _parent = parent;
        Path = path;
        Name = name;
        _sender = system.DeadLetters;
        Self = new LocalActorRef(this);
        Mailbox = new Mailbox(this, props.Mailbox, system.Settings.Throughput);
    }

    public ActorSystem System { get; }

    public Props Props { get; }

    public string Path { get; }

    public string Name { get; }

    public LocalActorRef Self { get; }

    public Mailbox Mailbox { get; }

    /// <summary>Restart history kept by the parent's strategy; touched only on the parent's run.</summary>
    public ChildRestartStats RestartStats { get; } = new();

    public IActorRef Sender => _sender;

    public IActorRef Parent => _parent?.Self ?? (IActorRef)System.DeadLetters;

    public ITimerScheduler Timers => _timers ??= new TimerScheduler(this);

    IActorRef IActorContext.Self => Self;

    /// <summary>Read by the mailbox between messages (same thread).</summary>
    public bool CanProcessUserMessages => !_suspended && !_terminating;

    /// <summary>Handles one user message; exceptions fail the actor and go to the parent.</summary>
    public void Invoke(Envelope envelope)
    {
        _sender = envelope.Sender;
        _currentMessage = envelope.Message;
        try
        {
            if (envelope.Message is AutoReceivedMessage auto)
            {
                AutoReceive(auto);
            }
            else
            {
                _actor!.Receive(envelope.Message);
            }
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(ex);
        }
        finally
        {
            _currentMessage = null;
        }
    }

    /// <summary>Handles one system message; exceptions from actor hooks fail the actor.</summary>
    public void SystemInvoke(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case CreateActor:
                    HandleCreate();
                    break;
                case RecreateActor recreate:
                    HandleRecreate(recreate.Cause);
                    break;
                case ResumeActor:
                    HandleResume();
                    break;
                case StopActor:
                    HandleTerminate();
                    break;
                case Failed failed:
                    HandleFailed(failed);
                    break;
                case Watch watch:
                    AddWatcher(watch.Watcher);
                    break;
                case Unwatch unwatch:
                    _watchedBy.Remove(unwatch.Watcher);
                    break;
                case DeathWatchNotification notification:
                    HandleDeathWatchNotification(notification.Subject);
                    break;
            }
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(ex);
        }
        finally
        {
            _currentMessage = null;
        }
    }

    private void AutoReceive(AutoReceivedMessage message)
    {
        switch (message)
        {
            case PoisonPill:
                Self.SendSystem(StopActor.Instance);
                break;
            case TimerEntry timer when _timers is not null && _timers.TryTake(timer):
                _sender = System.DeadLetters;
                _currentMessage = timer.Message;
                _actor!.Receive(timer.Message);
                break;
        }
    }

    public override string ToString() => Path;
}
