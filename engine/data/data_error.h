#pragma once
// Bad data, told so that a user knows which file or sample is wrong and what to do.
// Every dataset and loader check throws this before training starts; the loader carries
// it (and anything else its thread throws) across to the consumer.
#include <stdexcept>

namespace volnet::data {

class DataError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace volnet::data
