# One image for every Vowstream unit (and the schema registry); compose.yaml picks the main class.
# Build stage: the same wrapper build as on a developer machine, tests skipped (CI runs them).
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
# Install the launcher's modules, then copy exactly the launcher's runtime classpath.
RUN ./mvnw -B --no-transfer-progress -DskipTests -pl launcher -am install \
 && ./mvnw -B --no-transfer-progress -pl launcher dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory=/app/lib \
 && cp launcher/target/vowstream-launcher-*.jar /app/lib/

FROM eclipse-temurin:21-jre
COPY --from=build /app/lib /app/lib
WORKDIR /app
# Avro may only build classes of the project's own schemas package from registry data.
ENV JAVA_TOOL_OPTIONS="-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.vowstream.schemas"
ENTRYPOINT ["java", "-cp", "/app/lib/*"]
CMD ["io.vowstream.launcher.Main", "help"]
