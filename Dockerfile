# One image, both executables: /app/Aggregator (global tier) and /app/Aggregator.Node (site tier);
# the Helm chart picks the entry point by role. Build: docker build -t aggregator:0.1.0 .

# Note: the SDK stage runs on the build machine's platform and cross-targets the image's
# architecture (TARGETARCH amd64|arm64), so an arm64 image builds without emulation.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
# Note: the whole context (see .dockerignore) rather than project files first: the build reads
# Directory.Build.props, Directory.Packages.props and .editorconfig, and a missed file would build
# an image unlike CI's.
COPY . .
RUN dotnet restore src/Node/Aggregator.Node.csproj -a $TARGETARCH \
 && dotnet restore src/Aggregator/Aggregator.csproj -a $TARGETARCH
# Note: both hosts publish into one folder; they share Aggregator.Shared and every package. The Web
# SDK's web.config is for IIS only and would be written twice, so it is turned off.
RUN dotnet publish src/Node/Aggregator.Node.csproj -c Release -a $TARGETARCH --no-restore \
      -p:IsTransformWebConfigDisabled=true -o /app \
 && dotnet publish src/Aggregator/Aggregator.csproj -c Release -a $TARGETARCH --no-restore \
      -p:IsTransformWebConfigDisabled=true -o /app

# Chiseled Ubuntu: no shell, no package manager, non-root user `app` (UID $APP_UID = 1654), which
# the chart's podSecurityContext names as well.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
USER $APP_UID
EXPOSE 9095
ENV DOTNET_EnableDiagnostics=0
ENTRYPOINT ["/app/Aggregator"]
CMD ["--help"]
