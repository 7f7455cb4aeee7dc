// Micro-benchmarks of the hot paths, with Google Benchmark: what each task costs us besides Redis.
//   message encode/decode (every enqueue encodes, every dequeue decodes), the task a handler sees, and the
//   queue selection drawn for every idle worker.
#include <benchmark/benchmark.h>

#include "broker/task_codec.h"
#include "server/finisher.h"
#include "server/queue_selector.h"

namespace {

asynq::wire::TaskMessage sample_message(std::size_t payload_bytes) {
    asynq::wire::TaskMessage message;
    message.set_type("email:welcome");
    message.set_payload(std::string(payload_bytes, 'p'));
    message.set_id("0b9c5fe2-4d0d-4f0c-9a52-6a3f5f3c8f11");
    message.set_queue("default");
    message.set_retry(25);
    message.set_timeout(1800);
    return message;
}

void EncodeTaskMessage(benchmark::State& state) {
    const auto message = sample_message(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(asynq::broker::encode_task_message(message));
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(EncodeTaskMessage)->Arg(32)->Arg(1024)->Arg(64 * 1024);

void DecodeTaskMessage(benchmark::State& state) {
    const std::string bytes =
        asynq::broker::encode_task_message(sample_message(static_cast<std::size_t>(state.range(0))));
    for (auto _ : state) benchmark::DoNotOptimize(asynq::broker::decode_task_message(bytes, "bench"));
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(DecodeTaskMessage)->Arg(32)->Arg(1024)->Arg(64 * 1024);

void TaskForHandler(benchmark::State& state) {
    const auto message = sample_message(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(asynq::server::task_of(message));
}
BENCHMARK(TaskForHandler)->Arg(32)->Arg(1024);

void WeightedQueueOrder(benchmark::State& state) {
    const asynq::server::QueueSelector selector({{"critical", 6}, {"default", 3}, {"low", 1}}, false);
    for (auto _ : state) benchmark::DoNotOptimize(selector.order());
}
BENCHMARK(WeightedQueueOrder);

void StrictQueueOrder(benchmark::State& state) {
    const asynq::server::QueueSelector selector({{"critical", 6}, {"default", 3}, {"low", 1}}, true);
    for (auto _ : state) benchmark::DoNotOptimize(selector.order());
}
BENCHMARK(StrictQueueOrder);

}  // namespace

BENCHMARK_MAIN();
