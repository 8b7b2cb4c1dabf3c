using Aggregator.Shared.Hosting;
using Aggregator.Tests.Common;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Tests.Hosting;

public class AkkaLoggerFactoryTests
{
    private static CollectingLoggerProvider.LogLine LogThrough(LogLevel level, string text, Exception? exception = null)
    {
        var sink = new CollectingLoggerProvider();
        using var inner = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(sink));
        using var factory = new AkkaLoggerFactory(inner);

        factory.CreateLogger("Akka.Actor.ActorSystem").Log(level, exception, "{Text}", text);

        return Assert.Single(sink.Lines);
    }

    [Fact]
    public void Log_AssociationEndedAtError_GoesOutAtInformationSayingInfo()
    {
        const string text = "[ERROR][akka://global/system/endpointManager/reliableEndpointWriter-x/endpointWriter] Disassociated\nCause: Akka.Remote.EndpointDisassociatedException: Disassociated";

        var line = LogThrough(LogLevel.Error, text);

        Assert.Equal((LogLevel.Information, "[INFO]" + text["[ERROR]".Length..]), (line.Level, line.Message));
    }

    [Fact]
    public void Log_ShutDownAssociationAtError_GoesOutAtInformation() =>
        Assert.Equal(LogLevel.Information, LogThrough(LogLevel.Error, "Shut down address\nCause: Akka.Remote.ShutDownAssociation: Shut down address").Level);

    [Fact]
    public void Log_OtherError_StaysAnError() =>
        Assert.Equal(LogLevel.Error, LogThrough(LogLevel.Error, "actor crashed", new InvalidOperationException("boom")).Level);

    [Fact]
    public void Log_AddressGatedAfterDisassociationAtWarning_GoesOutAtInformationSayingInfo()
    {
        const string text = "[WARNING][akka.tcp://global@127.0.0.1:1/system/endpointManager/reliableEndpointWriter-x] Association with remote system akka.tcp://global@127.0.0.1:2 has failed; address is now gated for 5000 ms. Reason is: [Akka.Remote.EndpointDisassociatedException: Disassociated";

        var line = LogThrough(LogLevel.Warning, text);

        Assert.Equal((LogLevel.Information, "[INFO]" + text["[WARNING]".Length..]), (line.Level, line.Message));
    }

    [Fact]
    public void Log_AssociationRefusedAtWarning_StaysAWarning() =>
        Assert.Equal(LogLevel.Warning, LogThrough(LogLevel.Warning, "Association with remote system akka.tcp://global@127.0.0.1:2 has failed; address is now gated for 5000 ms. Reason is: [Association failed with akka.tcp://global@127.0.0.1:2] Caused by: [System.Net.Sockets.SocketException (111): Connection refused").Level);
}
