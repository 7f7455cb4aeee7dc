#include "asynq/servemux.h"

#include "asynq/errors.h"
#include "asynq/task_errors.h"

namespace asynq {

void ServeMux::handle(const std::string& pattern, HandlerFunc handler) {
    if (pattern.empty()) throw Error(ErrorCode::kInvalidArgument, "servemux: pattern must not be empty");
    if (!handler) throw Error(ErrorCode::kInvalidArgument, "servemux: handler for \"" + pattern + "\" is empty");
    if (!handlers_.emplace(pattern, std::move(handler)).second) {
        throw Error(ErrorCode::kInvalidArgument, "servemux: multiple registrations for \"" + pattern + "\"");
    }
}

void ServeMux::handle(const std::string& pattern, std::shared_ptr<Handler> handler) {
    if (!handler) throw Error(ErrorCode::kInvalidArgument, "servemux: handler for \"" + pattern + "\" is null");
    handle(pattern, to_handler_func(std::move(handler)));
}

void ServeMux::use(Middleware middleware) {
    if (!middleware) throw Error(ErrorCode::kInvalidArgument, "servemux: middleware is empty");
    middlewares_.push_back(std::move(middleware));
}

HandlerFunc ServeMux::wrap(HandlerFunc handler) const {
    // The first registered middleware ends up outermost, as in Go.
    for (auto it = middlewares_.rbegin(); it != middlewares_.rend(); ++it) handler = (*it)(std::move(handler));
    return handler;
}

HandlerFunc ServeMux::handler_for(const std::string& type) const {
    if (auto exact = handlers_.find(type); exact != handlers_.end()) return wrap(exact->second);
    const HandlerFunc* best = nullptr;
    std::size_t best_length = 0;
    for (const auto& [pattern, handler] : handlers_) {
        if (type.starts_with(pattern) && pattern.size() > best_length) {
            best = &handler;
            best_length = pattern.size();
        }
    }
    if (best != nullptr) return wrap(*best);
    return wrap([](TaskContext&, const Task& task) { throw HandlerNotFound(task.type()); });
}

void ServeMux::process_task(TaskContext& context, const Task& task) { handler_for(task.type())(context, task); }

}  // namespace asynq
