#pragma once

// Everything a user of asynq-cpp needs.
#include "asynq/client.h"
#include "asynq/errors.h"
#include "asynq/group_aggregator.h"
#include "asynq/handler.h"
#include "asynq/logging.h"
#include "asynq/options.h"
#include "asynq/redis_options.h"
#include "asynq/scheduler.h"
#include "asynq/servemux.h"
#include "asynq/server.h"
#include "asynq/task.h"
#include "asynq/task_errors.h"
#include "asynq/task_info.h"
#include "asynq/version.h"
