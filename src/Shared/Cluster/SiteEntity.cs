using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Shared.Cluster;

/// <summary>
/// The single writer of one site's series in the ring (one per site, placed by Akka.Cluster.Sharding):
/// the newest sample wins per series, a stale marker deletes, new series beyond the per-site limit are
/// refused, and every accepted change is published to all members. After a move to another member it
/// starts from that member's own copy of the site (every member holds the whole view), and the next
/// push from the site refreshes the rest.
/// <para>
/// No change is lost to a member that has just joined: DistributedPubSub delivers to a member's view only
/// once the member's subscription has reached this member's mediator by gossip, which can be seconds
/// after the view took its snapshot. So every change carries this incarnation's epoch and a sequence
/// number, a snapshot carries the sequence number it stops at, and the entity also sends every change
/// directly to the views not yet known to receive the topic (<see cref="SiteFollowers"/>): each view that
/// asked for a snapshot, and at the entity's start every member's. Note: why this is enough under Akka's
/// guarantees (at most once, in order per sender–receiver pair): direct sends follow the snapshot over the
/// same pair, so the view gets the snapshot and then every later change, with no timing assumption; the
/// pubsub copies take another path, so the view applies changes by number and skips the second copy. A
/// message lost anyway (at most once) shows up as a gap in the numbers at the next change, and the view
/// asks for a snapshot again (<see cref="SiteCursors"/>). A grace period instead would assume how fast
/// gossip spreads on a loaded machine.
/// </para>
/// </summary>
internal sealed class SiteEntity : UntypedActor, IWithTimers
{
    private const string ExpiryTimer = "expiry";

    private readonly string _site;
    private readonly SiteEntitySettings _settings;
    private readonly Dictionary<LabelSet, Sample> _latest = [];
    private readonly IActorRef _mediator;
    private readonly SiteFollowers _followers;
    private readonly long _epoch = SiteCursors.NewEpoch();
    private long _seq;
    private long _lastSeenMs;

    public SiteEntity(string site, SiteEntitySettings settings)
    {
        _site = site;
        _settings = settings;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
        _followers = new SiteFollowers(Context);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string site, SiteEntitySettings settings) => Akka.Actor.Props.Create(() => new SiteEntity(site, settings));

    protected override void PreStart()
    {
        foreach (var series in _settings.Seed(_site))
        {
            if (series.Samples.Count > 0 && !series.Samples[^1].IsStale)
            {
                _latest[series.Labels] = series.Samples[^1];
            }
        }
        KnownSites.Add(Context, _site);
        _followers.AddMembers();
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.MemberRemoved));
        var every = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, _settings.Lookback.Ticks / 10));
        Timers.StartPeriodicTimer(ExpiryTimer, Expire.Instance, every, every);
    }

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case SiteWrite write:
                Sender.Tell(Apply(write));
                break;
            case SiteSnapshotRequest request:
                SendSnapshot(request.ReplyTo);
                break;
            case SiteFollowing following when following.Epoch == _epoch:
                _followers.Remove(following.View);
                break;
            case SiteFollowing:
                // Note: it answers an earlier incarnation of this site's entity, which had that view as a follower.
                break;
            case Terminated terminated:
                _followers.Remove(terminated.ActorRef);
                break;
            case ClusterEvent.MemberRemoved removed:
                _followers.RemoveMember(removed.Member.Address);
                break;
            case ClusterEvent.CurrentClusterState:
                break;
            case Expire:
                RemoveExpired();
                break;
            case Akka.DistributedData.IUpdateResponse:
                // Note: adding the site to the known sites is local (WriteLocal); gossip spreads it.
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private SiteWriteAck Apply(SiteWrite write)
    {
        _lastSeenMs = _settings.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var changes = new List<WriteSeries>(write.Series.Count);
        int accepted = 0, refused = 0;
        List<Sample>? kept = null;
        foreach (var series in write.Series)
        {
            bool known = _latest.TryGetValue(series.Labels, out var current);
            if (!known && _latest.Count >= _settings.SeriesLimit && series.Samples.Any(s => !s.IsStale))
            {
                refused++;
                continue;
            }
            kept?.Clear();
            foreach (var sample in series.Samples)
            {
                if (sample.IsStale)
                {
                    // Note: a stale marker is passed on even for a series this entity does not know: after a
                    // move it starts from a copy that may lag, and every member must still drop the series.
                    if (!known || sample.TimestampMs >= current.TimestampMs)
                    {
                        _latest.Remove(series.Labels);
                        known = false;
                        (kept ??= []).Add(sample);
                    }
                }
                else if (!known || sample.TimestampMs > current.TimestampMs)
                {
                    _latest[series.Labels] = sample;
                    current = sample;
                    known = true;
                    (kept ??= []).Add(sample);
                }
            }
            accepted++;
            if (kept is { Count: > 0 })
            {
                changes.Add(new WriteSeries(series.Labels, [.. kept]));
            }
        }
        Publish(changes);
        if (refused > 0)
        {
            _settings.OnRefused(_site, refused);
        }
        return new SiteWriteAck(accepted, refused, _settings.SeriesLimit);
    }

    private void Publish(List<WriteSeries> changes)
    {
        foreach (var chunk in SeriesChunks.Split(changes))
        {
            var message = new SiteChanges(_site, chunk, _lastSeenMs, _latest.Count, _epoch, ++_seq);
            _mediator.Tell(new Publish(_settings.Topic, message));
            if (_followers.Count > 0)
            {
                _followers.Send(message with { Direct = true }, Self);
            }
        }
    }

    private void SendSnapshot(IActorRef replyTo)
    {
        _followers.Add(replyTo);
        var all = new List<WriteSeries>(_latest.Count);
        foreach (var (labels, sample) in _latest)
        {
            all.Add(new WriteSeries(labels, [sample]));
        }
        var chunks = SeriesChunks.Split(all).ToList();
        for (int i = 0; i < chunks.Count; i++)
        {
            replyTo.Tell(new SiteSnapshotChunk(_site, chunks[i], _lastSeenMs, _latest.Count, Last: i == chunks.Count - 1, _epoch, _seq));
        }
        if (chunks.Count == 0)
        {
            replyTo.Tell(new SiteSnapshotChunk(_site, [], _lastSeenMs, 0, Last: true, _epoch, _seq));
        }
    }

    private void RemoveExpired()
    {
        long oldest = _settings.Time.GetUtcNow().ToUnixTimeMilliseconds() - (long)_settings.Lookback.TotalMilliseconds;
        List<LabelSet>? expired = null;
        foreach (var (labels, sample) in _latest)
        {
            if (sample.TimestampMs < oldest)
            {
                (expired ??= []).Add(labels);
            }
        }
        foreach (var labels in expired ?? [])
        {
            _latest.Remove(labels);
        }
    }

    private sealed class Expire
    {
        public static readonly Expire Instance = new();
    }
}

/// <summary>What every <see cref="SiteEntity"/> of a ring shares.</summary>
internal sealed record SiteEntitySettings
{
    public required string Topic { get; init; }

    public required long SeriesLimit { get; init; }

    public required TimeSpan Lookback { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>The site's series as this member already holds them (a moved entity starts from them).</summary>
    public Func<string, IEnumerable<WriteSeries>> Seed { get; init; } = _ => [];

    /// <summary>Called with the number of series a write could not add because of the limit.</summary>
    public Action<string, int> OnRefused { get; init; } = (_, _) => { };
}
