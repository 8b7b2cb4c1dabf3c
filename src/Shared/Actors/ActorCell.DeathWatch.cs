namespace Aggregator.Shared.Actors;

/// <summary>
/// Death watch (Akka's <c>ActorCell.DeathWatch</c>): who this actor watches, who watches it, and the
/// delivery of <see cref="Terminated"/> exactly once per watch.
/// </summary>
internal sealed partial class ActorCell
{
    private readonly HashSet<ActorRef> _watching = [];
    private readonly HashSet<ActorRef> _watchedBy = [];
    private readonly List<Terminated> _deferredTerminated = [];

    public IActorRef Watch(IActorRef subject)
    {
        var target = AsActorRef(subject);
        if (target != Self && _watching.Add(target))
        {
            target.SendSystem(new Watch(Self));
        }
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        var target = AsActorRef(subject);
        if (_watching.Remove(target))
        {
            target.SendSystem(new Unwatch(Self));
        }
        _deferredTerminated.RemoveAll(t => t.ActorRef == target);
        return subject;
    }

    private void AddWatcher(ActorRef watcher)
    {
        if (watcher != Self)
        {
            _watchedBy.Add(watcher);
        }
    }

    private void HandleDeathWatchNotification(ActorRef subject)
    {
        bool wasChild = RemoveChild(subject);
        bool watched = _watching.Remove(subject);
        if (_terminating)
        {
            if (wasChild && ChildCount == 0)
            {
                FinishTerminate();
            }
            return;
        }
        if (watched)
        {
            _deferredTerminated.Add(new Terminated(subject));
        }
        if (_pendingRecreate is not null)
        {
            if (_stoppingChildren.Count == 0)
            {
                FinishRecreate();
            }
            return;
        }
        DeliverDeferredTerminated();
    }

    /// <summary>Delivers Terminated messages that arrived while the actor was suspended or restarting.</summary>
    private void DeliverDeferredTerminated()
    {
        while (_deferredTerminated.Count > 0 && !_suspended && _actor is not null)
        {
            var terminated = _deferredTerminated[0];
            _deferredTerminated.RemoveAt(0);
            _sender = terminated.ActorRef;
            _currentMessage = terminated;
            _actor.Receive(terminated);
        }
    }

    private void NotifyWatchersAndParent()
    {
        var notification = new DeathWatchNotification(Self);
        // Note: one notification serves a parent that also watches: it both forgets the child and gets Terminated.
        bool parentWatches = _parent is not null && _watchedBy.Contains(_parent.Self);
        foreach (var watcher in _watchedBy)
        {
            watcher.SendSystem(notification);
        }
        _watchedBy.Clear();
        foreach (var watched in _watching)
        {
            watched.SendSystem(new Unwatch(Self));
        }
        _watching.Clear();
        _deferredTerminated.Clear();
        if (_parent is not null && !parentWatches)
        {
            _parent.Self.SendSystem(notification);
        }
    }

    /// <summary>
    /// Answers a system message that reached this actor after it stopped; may run on any thread.
    /// </summary>
    public void HandleAfterTermination(SystemMessage message)
    {
        if (message is Watch watch)
        {
            watch.Watcher.SendSystem(new DeathWatchNotification(Self));
        }
    }

    private static ActorRef AsActorRef(IActorRef subject)
        => subject as ActorRef ?? throw new ArgumentException($"{subject.Path} is not a reference of this actor system.", nameof(subject));
}
