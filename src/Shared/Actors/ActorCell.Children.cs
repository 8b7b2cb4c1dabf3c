namespace Aggregator.Shared.Actors;

/// <summary>Creating, naming, listing and stopping children.</summary>
internal sealed partial class ActorCell
{
    // Note: the guardian's children are created by ActorSystem.ActorOf from any thread, hence the lock;
    // everything else about children runs on this actor's own mailbox.
    private readonly object _childrenLock = new();
    private readonly Dictionary<string, ActorCell> _children = new(StringComparer.Ordinal);
    private readonly HashSet<ActorCell> _stoppingChildren = [];
    private long _nextChildId;

    public IReadOnlyCollection<IActorRef> Children
    {
        get
        {
            lock (_childrenLock)
            {
                var refs = new IActorRef[_children.Count];
                int i = 0;
                foreach (var child in _children.Values)
                {
                    refs[i++] = child.Self;
                }
                return refs;
            }
        }
    }

    public IActorRef? Child(string name)
    {
        lock (_childrenLock)
        {
            return _children.TryGetValue(name, out var child) ? child.Self : null;
        }
    }

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        props.Mailbox.Validate();
        ActorCell child;
        lock (_childrenLock)
        {
            if (_terminating || _terminated)
            {
                throw new InvalidOperationException($"{Path} is stopping and cannot create children.");
            }
            name = name is null ? "$" + (++_nextChildId).ToString(global::System.Globalization.CultureInfo.InvariantCulture) : ValidateName(name);
            if (_children.ContainsKey(name))
            {
                throw new InvalidActorNameException($"Actor name '{name}' is not unique under {Path}.");
            }
            child = new ActorCell(System, props, this, Path + "/" + name, name);
            _children.Add(name, child);
        }
        child.Self.SendSystem(CreateActor.Instance);
        return child.Self;
    }

    public void Stop(IActorRef actor)
    {
        if (actor is not LocalActorRef local)
        {
            return;
        }
        if (local.Cell._parent == this)
        {
            StopChild(local.Cell);
            return;
        }
        local.SendSystem(StopActor.Instance);
    }

    /// <summary>Stop directive and orderly stop: the child finishes its current message, then stops.</summary>
    public void StopChild(ActorCell child)
    {
        _stoppingChildren.Add(child);
        child.RestartStats.CancelPendingRestart();
        child.Self.SendSystem(StopActor.Instance);
    }

    private bool IsLiveChild(ActorCell cell)
    {
        lock (_childrenLock)
        {
            return _children.TryGetValue(cell.Name, out var current) && current == cell && !_stoppingChildren.Contains(cell);
        }
    }

    /// <summary>Forgets a stopped child; returns false if <paramref name="subject"/> is not one.</summary>
    private bool RemoveChild(ActorRef subject)
    {
        if (subject is not LocalActorRef { Cell: var cell } || cell._parent != this)
        {
            return false;
        }
        lock (_childrenLock)
        {
            if (_children.TryGetValue(cell.Name, out var current) && current == cell)
            {
                _children.Remove(cell.Name);
            }
        }
        _stoppingChildren.Remove(cell);
        cell.RestartStats.CancelPendingRestart();
        if (_escalatedChild == cell)
        {
            _escalatedChild = null;
        }
        return true;
    }

    private int ChildCount
    {
        get
        {
            lock (_childrenLock)
            {
                return _children.Count;
            }
        }
    }

    private static string ValidateName(string name)
    {
        if (name.Length == 0 || name.Contains('/') || name.StartsWith('$'))
        {
            throw new InvalidActorNameException($"Actor name '{name}' is invalid: it must be non-empty, without '/', and not start with '$'.");
        }
        return name;
    }
}
