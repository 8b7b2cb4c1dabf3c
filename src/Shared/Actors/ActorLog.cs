using Aggregator.Shared.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Actors;

/// <summary>Source-generated log messages of the actor core.</summary>
internal static partial class ActorLog
{
    [LoggerMessage(EventId = EventIds.ActorFailed, Level = LogLevel.Warning, Message = "Actor {Path} failed while handling {MessageType}; its supervisor decides")]
    public static partial void ActorFailed(this ILogger logger, Exception exception, string path, string messageType);

    [LoggerMessage(EventId = EventIds.ActorFailedWhileSuspended, Level = LogLevel.Warning, Message = "Actor {Path} failed again while awaiting its supervisor's directive")]
    public static partial void FailedWhileSuspended(this ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = EventIds.ActorFailedWhileStopping, Level = LogLevel.Warning, Message = "Actor {Path} failed while stopping")]
    public static partial void FailedWhileStopping(this ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = EventIds.ActorHookFailed, Level = LogLevel.Error, Message = "Actor {Path}: {Hook} threw; the lifecycle continues")]
    public static partial void HookFailed(this ILogger logger, Exception exception, string path, string hook);
}
