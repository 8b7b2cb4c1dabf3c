using Akka.Actor;
using Akka.Cluster;

namespace Aggregator.Shared.Cluster;

/// <summary>
/// The views a <see cref="SiteEntity"/> sends its changes to directly, besides publishing them, one per
/// member: those not yet known to receive the entity's pubsub topic. DistributedPubSub delivers to a
/// member only once that member's subscription reached the publishing member's mediator by gossip,
/// seconds after the member joined; a view leaves this set when it reports a change that reached it
/// through pubsub (<see cref="SiteFollowing"/>), because the mediator keeps knowing its member from then on.
/// </summary>
internal sealed class SiteFollowers(IActorContext context)
{
    private readonly Dictionary<Address, ICanTell> _views = [];
    private readonly Address _self = Akka.Cluster.Cluster.Get(context.System).SelfAddress;

    public int Count => _views.Count;

    /// <summary>
    /// Every other member's view, when the entity starts: a new or moved entity publishes through a
    /// mediator that may not yet know a member that joined seconds before. Note: addressed by path, as
    /// the members' refs are not known here; a view that asks for a snapshot replaces it by its ref.
    /// </summary>
    public void AddMembers()
    {
        foreach (var member in Akka.Cluster.Cluster.Get(context.System).State.Members)
        {
            if (member.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining && !member.Address.Equals(_self))
            {
                _views.TryAdd(member.Address, context.ActorSelection(new RootActorPath(member.Address) / "user" / GlobalView.Name));
            }
        }
    }

    /// <summary>A view that asked for a snapshot: the changes after it go to the view directly, in order after the snapshot.</summary>
    public void Add(IActorRef view)
    {
        var address = AddressOf(view);
        if (_views.TryGetValue(address, out var current) && current.Equals(view))
        {
            return;
        }
        _views[address] = view;
        // Note: watched so that a view whose member is gone stops costing a send per change.
        context.Watch(view);
    }

    /// <summary>The view receives the topic (or is gone); a newer view of the same member is kept.</summary>
    public void Remove(IActorRef view)
    {
        var address = AddressOf(view);
        if (_views.TryGetValue(address, out var current) && (current.Equals(view) || current is ActorSelection))
        {
            _views.Remove(address);
            context.Unwatch(view);
        }
    }

    /// <summary>A member left: its view addressed by path goes (one known by its ref goes with its Terminated).</summary>
    public void RemoveMember(Address address)
    {
        if (_views.TryGetValue(address, out var current) && current is ActorSelection)
        {
            _views.Remove(address);
        }
    }

    public void Send(object message, IActorRef sender)
    {
        foreach (var view in _views.Values)
        {
            view.Tell(message, sender);
        }
    }

    private Address AddressOf(IActorRef view) => view.Path.Address.HasLocalScope ? _self : view.Path.Address;
}
