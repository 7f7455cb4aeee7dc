#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "asynq/handler.h"

namespace asynq {

/// Routes tasks to handlers by type, as Go asynq's ServeMux (spec §7.3): an exact match wins, otherwise the
/// longest registered pattern that is a plain prefix of the type (no segment rules: "email" matches
/// "emails:x"). With no match the attempt fails with HandlerNotFound (retried like any failure). Middlewares
/// wrap every handler, the not-found one included, the first registered outermost.
///
/// Register everything before the server starts; after that the mux is read-only and safe to share.
class ServeMux final : public Handler {
public:
    /// Throws Error(kInvalidArgument) for an empty pattern, a missing handler or a pattern registered twice.
    void handle(const std::string& pattern, HandlerFunc handler);
    void handle(const std::string& pattern, std::shared_ptr<Handler> handler);
    void use(Middleware middleware);

    /// The handler (with middlewares) that would process this type.
    HandlerFunc handler_for(const std::string& type) const;

    void process_task(TaskContext& context, const Task& task) override;

private:
    HandlerFunc wrap(HandlerFunc handler) const;

    std::map<std::string, HandlerFunc> handlers_;  // by pattern
    std::vector<Middleware> middlewares_;
};

}  // namespace asynq
