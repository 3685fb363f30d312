class Base:
    def describe(self):
        return f"{type(self).__name__} from {type(self).__module__}"
