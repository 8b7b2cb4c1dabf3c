using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.DistributedData;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Storage;
using static Akka.Cluster.ClusterEvent;

namespace Aggregator.Shared.Cluster;

/// <summary>
/// One per member: applies every site's published changes to the member's own store, which serves
/// <c>/federate</c>, the ring's rules and the completeness metrics. On start it subscribes, waits until
/// its member is Up, reads the ring's known sites from a majority, asks each site's entity for a
/// snapshot, and reports ready once it holds them all (or after the deadline, one lookback). Changes are
/// applied in each site's order (<see cref="SiteCursors"/>); a gap asks for the site's snapshot again.
/// </summary>
internal sealed class GlobalView : UntypedActor, IWithTimers
{
    /// <summary>The view's name under <c>/user</c> on every member, where entities address it.</summary>
    public const string Name = "global-view";

    private const string RetryTimer = "retry";
    private const string DeadlineTimer = "deadline";
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(3);

    private readonly GlobalViewSettings _settings;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);
    private readonly HashSet<string> _following = new(StringComparer.Ordinal);
    private readonly SiteCursors _cursors = new();
    private readonly Akka.Cluster.Cluster _cluster;
    private bool _up;
    private bool _subscribed;
    private bool _majorityRead;
    private bool _ready;

    public GlobalView(GlobalViewSettings settings)
    {
        _settings = settings;
        _cluster = Akka.Cluster.Cluster.Get(Context.System);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(GlobalViewSettings settings) => Akka.Actor.Props.Create(() => new GlobalView(settings));

    protected override void PreStart()
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Akka.Cluster.Tools.PublishSubscribe.Subscribe(_settings.Topic, Self));
        DistributedData.Get(Context.System).Replicator.Tell(Dsl.Subscribe(KnownSites.Key, Self));
        _cluster.Subscribe(Self, InitialStateAsEvents, typeof(MemberUp));
        Timers.StartPeriodicTimer(RetryTimer, Retry.Instance, RetryEvery, RetryEvery);
        Timers.StartSingleTimer(DeadlineTimer, Deadline.Instance, _settings.ReadyDeadline);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case SiteChanges changes:
                OnChanges(changes);
                break;
            case SiteSnapshotChunk chunk:
                Apply(chunk.Series);
                if (chunk.Last)
                {
                    _cursors.Synced(chunk.Site, chunk.Epoch, chunk.Seq);
                    _settings.OnSiteSeen(chunk.Site, chunk.LastSeenMs, chunk.SeriesCount);
                    _held.Add(chunk.Site);
                    CheckReady();
                }
                break;
            case SubscribeAck:
                _subscribed = true;
                CheckReady();
                break;
            case MemberUp up when up.Member.Address.Equals(_cluster.SelfAddress):
                _up = true;
                ReadKnownSites();
                break;
            case Changed changed when changed.Key.Equals(KnownSites.Key):
                Learn(changed.Get(KnownSites.Key));
                break;
            case GetSuccess success when success.Key.Equals(KnownSites.Key):
                _majorityRead = true;
                Learn(success.Get(KnownSites.Key));
                break;
            case NotFound notFound when notFound.Key.Equals(KnownSites.Key):
                _majorityRead = true;
                CheckReady();
                break;
            case GetFailure:
                // Note: no majority answered in time (members still joining); the retry timer asks again.
                break;
            case Retry:
                RetryPending();
                break;
            case Deadline:
                BecomeReady();
                break;
            case GetViewStatus:
                Sender.Tell(new ViewStatus(_ready, _up, _known.Count, _held.Count));
                break;
            case IMemberEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnChanges(SiteChanges changes)
    {
        switch (_cursors.Offer(changes.Site, changes.Epoch, changes.Seq))
        {
            case ChangeVerdict.Apply:
                Apply(changes.Series);
                _settings.OnSiteSeen(changes.Site, changes.LastSeenMs, changes.SeriesCount);
                break;
            case ChangeVerdict.Gap:
                if (_cursors.IsSynced(changes.Site))
                {
                    _settings.OnResync(changes.Site);
                }
                _known.Add(changes.Site);
                RequestSnapshot(changes.Site);
                return;
            case ChangeVerdict.Duplicate:
            case ChangeVerdict.Syncing:
                break;
        }
        if (!changes.Direct && changes.Epoch != 0 && changes.Epoch == _cursors.EpochOf(changes.Site) && _following.Add(changes.Site))
        {
            // Note: pubsub reached this view from the entity's member, and will keep doing so: direct copies can stop.
            _settings.Region.Tell(new SiteFollowing(changes.Site, changes.Epoch, Self));
        }
    }

    private void RequestSnapshot(string site)
    {
        _held.Remove(site);
        _following.Remove(site);
        _cursors.StartSync(site);
        _settings.Region.Tell(new SiteSnapshotRequest(site, Self));
    }

    private void Apply(IReadOnlyList<WriteSeries> series)
    {
        var store = _settings.Store;
        foreach (var s in series)
        {
            foreach (var sample in s.Samples)
            {
                store.Append(s.Labels, sample);
            }
        }
    }

    private void ReadKnownSites() =>
        DistributedData.Get(Context.System).Replicator.Tell(Dsl.Get(KnownSites.Key, new ReadMajority(RetryEvery)));

    private void Learn(ORSet<string> sites)
    {
        foreach (var site in sites.Elements)
        {
            if (_known.Add(site) && !_held.Contains(site))
            {
                RequestSnapshot(site);
            }
        }
        CheckReady();
    }

    private void RetryPending()
    {
        if (_up && !_majorityRead)
        {
            ReadKnownSites();
        }
        // Note: a request can be lost while its entity moves (its member died); ask again until answered.
        foreach (var site in _known)
        {
            if (!_held.Contains(site))
            {
                RequestSnapshot(site);
            }
        }
    }

    private void CheckReady()
    {
        if (!_ready && _up && _subscribed && _majorityRead && _held.IsSupersetOf(_known))
        {
            BecomeReady();
        }
    }

    private void BecomeReady()
    {
        if (!_ready)
        {
            _ready = true;
            Timers.Cancel(DeadlineTimer);
            _settings.OnReady();
        }
    }

    private sealed class Retry
    {
        public static readonly Retry Instance = new();
    }

    private sealed class Deadline
    {
        public static readonly Deadline Instance = new();
    }
}

/// <summary>Asks a <see cref="GlobalView"/> for its <see cref="ViewStatus"/> (local only).</summary>
internal sealed class GetViewStatus
{
    public static readonly GetViewStatus Instance = new();
}

/// <summary>Whether the member's view is ready, whether it is Up, and how many of the known sites it holds.</summary>
internal sealed record ViewStatus(bool Ready, bool Up, int KnownSites, int HeldSites);

/// <summary>What a <see cref="GlobalView"/> needs.</summary>
internal sealed record GlobalViewSettings
{
    public required SeriesStore Store { get; init; }

    /// <summary>The shard region of the site entities.</summary>
    public required IActorRef Region { get; init; }

    public required string Topic { get; init; }

    /// <summary>Ready anyway after this long (one lookback): by then every live site has pushed again.</summary>
    public required TimeSpan ReadyDeadline { get; init; }

    /// <summary>A site's entity reported its last write time and series count.</summary>
    public Action<string, long, long> OnSiteSeen { get; init; } = (_, _, _) => { };

    /// <summary>A gap in a site's changes (one lost on the way) made the view ask for the site's snapshot again.</summary>
    public Action<string> OnResync { get; init; } = _ => { };

    public Action OnReady { get; init; } = () => { };
}
