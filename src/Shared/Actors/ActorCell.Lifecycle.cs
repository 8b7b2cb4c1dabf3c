namespace Aggregator.Shared.Actors;

/// <summary>Creation, restart, resumption and orderly stop of the actor instance.</summary>
internal sealed partial class ActorCell
{
    private bool _terminating;
    private bool _terminated;
    private Exception? _pendingRecreate;

    private void HandleCreate()
    {
        ActorBase actor;
        try
        {
            actor = ActorBase.Construct(this);
            _actor = actor;
            actor.InvokePreStart();
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(new ActorInitializationException(Path, ex));
            return;
        }
        _suspended = false;
    }

    private void HandleRecreate(Exception cause)
    {
        if (_terminating || _terminated || _pendingRecreate is not null)
        {
            return;
        }
        _timers?.CancelAll();
        _escalatedChild = null;
        _pendingRecreate = cause;
        _sender = System.DeadLetters;
        if (_actor is { } old)
        {
            try
            {
                old.InvokePreRestart(cause, _failedMessage);
            }
            catch (Exception ex)
            {
                System.Log.HookFailed(ex, Path, "PreRestart");
            }
        }
        _failedMessage = null;
        // Note: as in Akka, the new instance is built only after the children PreRestart stopped are gone,
        // so that it can reuse their names.
        if (_stoppingChildren.Count == 0)
        {
            FinishRecreate();
        }
    }

    private void FinishRecreate()
    {
        var cause = _pendingRecreate!;
        _pendingRecreate = null;
        _actor = null;
        _failed = false;
        try
        {
            var actor = ActorBase.Construct(this);
            _actor = actor;
            actor.InvokePostRestart(cause);
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(new ActorInitializationException(Path, ex));
            return;
        }
        _suspended = false;
        DeliverDeferredTerminated();
    }

    private void HandleResume()
    {
        if (_terminating || _terminated || _pendingRecreate is not null || !_failed)
        {
            return;
        }
        if (_actor is null)
        {
            // Note: there is no instance to resume after a failed constructor; build one instead.
            HandleRecreate(new InvalidOperationException($"{Path} was resumed without an instance."));
            return;
        }
        _failed = false;
        _suspended = false;
        if (_escalatedChild is { } child)
        {
            _escalatedChild = null;
            child.Self.SendSystem(ResumeActor.Instance);
        }
        DeliverDeferredTerminated();
    }

    private void HandleTerminate()
    {
        if (_terminating || _terminated)
        {
            return;
        }
        ActorCell[] children;
        lock (_childrenLock)
        {
            _terminating = true;
            children = [.. _children.Values];
        }
        _timers?.CancelAll();
        foreach (var child in children)
        {
            StopChild(child);
        }
        if (children.Length == 0)
        {
            FinishTerminate();
        }
    }

    private void FinishTerminate()
    {
        _sender = System.DeadLetters;
        if (_actor is { } actor)
        {
            try
            {
                actor.InvokePostStop();
            }
            catch (Exception ex)
            {
                System.Log.HookFailed(ex, Path, "PostStop");
            }
        }
        _actor = null;
        _terminated = true;
        _suspended = true;
        // Note: close before telling anyone, so that a message sent after a watcher saw Terminated is a dead letter.
        Mailbox.Close();
        NotifyWatchersAndParent();
        if (_parent is null)
        {
            System.OnGuardianTerminated();
        }
    }
}
